<#-- Asks for a UK mobile to verify with a code: the fallback for realms on another theme; the nhs theme has its own. -->
<#import "template.ftl" as layout>
<@layout.registrationLayout displayMessage=!messagesPerField.existsError('mobile'); section>
  <#if section = "header">
    ${msg(nhsMobileTitleKey!"nhs-mobile-title")}
  <#elseif section = "form">
    <p id="nhs-mobile-hint">${msg(nhsMobileHintKey!"nhs-mobile-hint", nhsMobileHintParam!"")}</p>
    <form id="nhs-mobile-form" action="${url.loginAction}" method="post" novalidate="novalidate">
      <div class="${properties.kcFormGroupClass!}">
        <label for="mobile" class="${properties.kcLabelClass!}">${msg("nhs-mobile-label")}</label>
        <input id="mobile" name="mobile" type="tel" autocomplete="tel" value="${(nhsMobileTyped!'')}"
               class="${properties.kcInputClass!}"
               aria-describedby="nhs-mobile-hint<#if messagesPerField.existsError('mobile')> input-error-mobile</#if>"
               aria-invalid="<#if messagesPerField.existsError('mobile')>true<#else>false</#if>"/>
        <#if messagesPerField.existsError('mobile')>
          <span id="input-error-mobile" class="${properties.kcInputErrorMessageClass!}" aria-live="polite">
            ${kcSanitize(messagesPerField.get('mobile'))?no_esc}
          </span>
        </#if>
      </div>
      <div class="${properties.kcFormGroupClass!}">
        <button id="nhs-mobile-submit" type="submit" class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!}">
          ${msg("nhs-mobile-continue")}
        </button>
      </div>
    </form>
  </#if>
</@layout.registrationLayout>
