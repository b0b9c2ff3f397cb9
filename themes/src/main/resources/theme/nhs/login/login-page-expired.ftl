<#import "template.ftl" as layout>
<@layout.registrationLayout; section>
  <#if section = "header">
    ${msg("pageExpiredTitle")}
  <#elseif section = "form">
    <p class="nhsuk-body" id="instruction1">${msg("nhs-page-expired-body")}</p>
    <ul class="nhsuk-list">
      <li><a id="loginRestartLink" href="${url.loginRestartFlowUrl}">${msg("nhs-page-expired-restart")}</a></li>
      <li><a id="loginContinueLink" href="${url.loginAction}">${msg("nhs-page-expired-continue")}</a></li>
    </ul>
  </#if>
</@layout.registrationLayout>
