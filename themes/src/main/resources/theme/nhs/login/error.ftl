<#import "template.ftl" as layout>
<@layout.registrationLayout displayMessage=false; section>
  <#if section = "header">
    ${msg("nhs-error-title")}
  <#elseif section = "form">
    <div id="kc-error-message">
      <p class="nhsuk-body">${kcSanitize(message.summary)?no_esc}</p>
      <#if traceId??>
      <p class="nhsuk-body-s" id="traceId">${msg("traceIdSupportMessage", traceId)}</p>
      </#if>
      <#if !skipLink?? && client?? && client.baseUrl?has_content>
      <p class="nhsuk-body"><a id="backToApplication" href="${client.baseUrl}">${msg("backToApplication")}</a></p>
      </#if>
    </div>
  </#if>
</@layout.registrationLayout>
