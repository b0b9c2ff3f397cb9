<#-- The security code page: texted codes (Cd), and the emailed code at registration when nhsCodeTitleKey/HintKey say
     so. The fallback for realms on another theme; the nhs theme has its own. -->
<#import "template.ftl" as layout>
<@layout.registrationLayout displayMessage=!messagesPerField.existsError('code'); section>
  <#if section = "header">
    ${msg(nhsCodeTitleKey!"nhs-sms-code-title")}
  <#elseif section = "form">
    <p id="nhs-sms-code-hint">${msg(nhsCodeHintKey!"nhs-sms-code-hint", nhsCodeHintParam!nhsMobileLastFour)}</p>
    <form id="nhs-sms-code-form" action="${url.loginAction}" method="post" novalidate="novalidate">
      <div class="${properties.kcFormGroupClass!}">
        <label for="code" class="${properties.kcLabelClass!}">${msg("nhs-sms-code-label")}</label>
        <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="6"
               spellcheck="false" autofocus class="${properties.kcInputClass!}"
               aria-describedby="nhs-sms-code-hint<#if messagesPerField.existsError('code')> input-error-code</#if>"
               aria-invalid="<#if messagesPerField.existsError('code')>true<#else>false</#if>"/>
        <#if messagesPerField.existsError('code')>
          <span id="input-error-code" class="${properties.kcInputErrorMessageClass!}" aria-live="polite">
            ${kcSanitize(messagesPerField.get('code'))?no_esc}
          </span>
        </#if>
      </div>
      <div class="${properties.kcFormGroupClass!}">
        <button id="nhs-sms-code-submit" type="submit" class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!}">
          ${msg("nhs-sms-code-continue")}
        </button>
      </div>
    </form>
    <form id="nhs-sms-resend-form" action="${url.loginAction}" method="post">
      <input type="hidden" name="resend" value="true"/>
      <button id="nhs-sms-resend" type="submit" class="${properties.kcButtonClass!} ${properties.kcButtonSecondaryClass!}">
        ${msg("nhs-sms-code-resend")}
      </button>
    </form>
  </#if>
</@layout.registrationLayout>
