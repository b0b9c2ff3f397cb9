<#-- Confirm your email address (Keycloak's VERIFY_EMAIL required action). -->
<#import "template.ftl" as layout>
<#import "nhs-components.ftl" as nhs>
<@layout.registrationLayout; section>
  <#if section = "header">
    ${msg("emailVerifyTitle")}
  <#elseif section = "form">
    <p class="nhsuk-body">
      <#if verifyEmail??>${msg("emailVerifyInstruction1", verifyEmail)}<#else>${msg("emailVerifyInstruction4", user.email)}</#if>
    </p>
    <#if isAppInitiatedAction??>
    <form id="kc-verify-email-form" action="${url.loginAction}" method="post">
      <@nhs.button id="nhs-verify-email-send" text=msg(verifyEmail???then("emailVerifyResend", "emailVerifySend"))/>
      <@nhs.button id="nhs-verify-email-cancel" text=msg("doCancel") secondary=true name="cancel-aia" value="true"/>
    </form>
    <#else>
    <h2 class="nhsuk-heading-s">${msg("emailVerifyInstruction2")}</h2>
    <p class="nhsuk-body"><a id="nhs-verify-email-again" href="${url.loginAction}">${msg("doClickHere")}</a></p>
    </#if>
  </#if>
</@layout.registrationLayout>
