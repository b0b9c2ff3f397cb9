<#-- Choosing a password: at the end of registration and after a reset. -->
<#import "template.ftl" as layout>
<#import "nhs-components.ftl" as nhs>
<@layout.registrationLayout displayMessage=!messagesPerField.existsError('password','password-confirm') errorFields=['password>password-new', 'password-confirm'] messageAnchor="password-new"; section>
  <#if section = "header">
    ${msg("nhs-password-title")}
  <#elseif section = "form">
    <form id="kc-passwd-update-form" action="${url.loginAction}" method="post" novalidate>
      <#-- Keycloak files a missing password under "password" and a policy it fails under no field: both belong to
           the new password. -->
      <@nhs.input name="password-new" label=msg("passwordNew") type="password" hint=msg("nhs-password-hint") autocomplete="new-password" errorKey="password" takesMessage=true/>
      <@nhs.input name="password-confirm" label=msg("passwordConfirm") type="password" autocomplete="new-password"/>
      <#if isAppInitiatedAction??>
        <@nhs.button id="nhs-password-submit" text=msg("nhs-continue") name="login" value="login"/>
        <@nhs.button id="nhs-password-cancel" text=msg("doCancel") secondary=true name="cancel-aia" value="true"/>
      <#else>
        <@nhs.button id="nhs-password-submit" text=msg("nhs-continue") name="login" value="login"/>
      </#if>
    </form>
  </#if>
</@layout.registrationLayout>
