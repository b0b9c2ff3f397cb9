<#-- The security code page: texted codes (Cd), and the emailed code at registration when nhsCodeTitleKey and
     nhsCodeHintKey say so. -->
<#import "template.ftl" as layout>
<#import "nhs-components.ftl" as nhs>
<@layout.registrationLayout displayMessage=!messagesPerField.existsError('code') errorFields=['code']; section>
  <#if section = "header">
    ${msg(nhsCodeTitleKey!"nhs-sms-code-title")}
  <#elseif section = "form">
    <p class="nhsuk-body" id="nhs-sms-code-hint">${msg(nhsCodeHintKey!"nhs-sms-code-hint", nhsCodeHintParam!nhsMobileLastFour)}</p>
    <form id="nhs-sms-code-form" action="${url.loginAction}" method="post" novalidate>
      <@nhs.input name="code" label=msg("nhs-sms-code-label") inputmode="numeric" autocomplete="one-time-code" width="5" spellcheck=false/>
      <@nhs.button id="nhs-sms-code-submit" text=msg("nhs-sms-code-continue")/>
    </form>
    <form id="nhs-sms-resend-form" action="${url.loginAction}" method="post">
      <input type="hidden" name="resend" value="true"/>
      <@nhs.button id="nhs-sms-resend" text=msg("nhs-sms-code-resend") secondary=true/>
    </form>
  </#if>
</@layout.registrationLayout>
