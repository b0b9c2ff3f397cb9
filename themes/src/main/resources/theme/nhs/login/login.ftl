<#-- Sign in: email address and password (Cp). Ids and names are Keycloak's, so its form handling is unchanged. -->
<#import "template.ftl" as layout>
<#import "nhs-components.ftl" as nhs>
<@layout.registrationLayout displayMessage=!messagesPerField.existsError('username','password') displayInfo=realm.password && realm.registrationAllowed && !registrationDisabled?? errorFields=['username', 'password']; section>
  <#if section = "header">
    ${msg("nhs-login-title")}
  <#elseif section = "form">
    <#if realm.password>
    <form id="kc-form-login" action="${url.loginAction}" method="post" novalidate>
      <#if !usernameHidden??>
        <@nhs.input name="username" label=msg("email") type="email" value=(login.username!'') autocomplete="username" spellcheck=false/>
      </#if>
      <@nhs.input name="password" label=msg("password") type="password" autocomplete="current-password"/>
      <input type="hidden" id="id-hidden-input" name="credentialId" <#if auth.selectedCredential?has_content>value="${auth.selectedCredential}"</#if>/>
      <@nhs.button id="kc-login" text=msg("nhs-continue") name="login" value="login"/>
    </form>
    <#if realm.resetPasswordAllowed>
    <p class="nhsuk-body"><a id="nhs-forgot-password" href="${url.loginResetCredentialsUrl}">${msg("nhs-forgot-password")}</a></p>
    </#if>
    </#if>
  <#elseif section = "info">
    <h2 class="nhsuk-heading-m">${msg("nhs-no-account-heading")}</h2>
    <p class="nhsuk-body"><a id="nhs-register" href="${url.registrationUrl}">${msg("nhs-register-link")}</a></p>
  </#if>
</@layout.registrationLayout>
