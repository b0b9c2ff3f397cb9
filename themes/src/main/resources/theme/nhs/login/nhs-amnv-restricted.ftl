<#-- AMNV cannot be done: the GP record is restricted and PDS withholds its telecoms. The citizen is P5 all the same. -->
<#import "template.ftl" as layout>
<#import "nhs-components.ftl" as nhs>
<@layout.registrationLayout; section>
  <#if section = "header">
    ${msg("nhs-amnv-restricted-title")}
  <#elseif section = "form">
    <p class="nhsuk-body">${msg("nhs-amnv-restricted-body")}</p>
    <form id="nhs-amnv-restricted-form" action="${url.loginAction}" method="post">
      <input type="hidden" name="continue" value="true"/>
      <@nhs.button id="nhs-amnv-restricted-continue" text=msg("nhs-continue")/>
    </form>
  </#if>
</@layout.registrationLayout>
