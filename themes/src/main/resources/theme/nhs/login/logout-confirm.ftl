<#import "template.ftl" as layout>
<#import "nhs-components.ftl" as nhs>
<@layout.registrationLayout; section>
  <#if section = "header">
    ${msg("logoutConfirmTitle")}
  <#elseif section = "form">
    <p class="nhsuk-body">${msg("logoutConfirmHeader")}</p>
    <form action="${url.logoutConfirmAction}" method="POST" id="kc-logout-confirm">
      <input type="hidden" name="session_code" value="${logoutConfirm.code}">
      <@nhs.button id="kc-logout" text=msg("doLogout") name="confirmLogout" value="${msg('doLogout')}"/>
    </form>
    <#if !logoutConfirm.skipLink && (client.baseUrl)?has_content>
    <p class="nhsuk-body"><a id="backToApplication" href="${client.baseUrl}">${msg("backToApplication")}</a></p>
    </#if>
  </#if>
</@layout.registrationLayout>
