<#-- The security code page: texted codes (Cd), the emailed code at registration and the code to a GP-registered mobile
     (AMNV) when nhsCodeTitleKey and nhsCodeHintKey say so; nhsCodeSkipKey adds a way to go on without the code. -->
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
    <#if nhsCodeSkipKey??>
    <form id="nhs-sms-skip-form" action="${url.loginAction}" method="post">
      <input type="hidden" name="skip" value="true"/>
      <@nhs.button id="nhs-sms-skip" text=msg(nhsCodeSkipKey, nhsCodeSkipParam!"") secondary=true/>
    </form>
    </#if>
  </#if>
</@layout.registrationLayout>
