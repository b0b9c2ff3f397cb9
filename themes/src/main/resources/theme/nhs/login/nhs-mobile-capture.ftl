<#-- Asks for a UK mobile to verify with a texted code. -->
<#import "template.ftl" as layout>
<#import "nhs-components.ftl" as nhs>
<@layout.registrationLayout displayMessage=!messagesPerField.existsError('mobile') errorFields=['mobile']; section>
  <#if section = "header">
    ${msg("nhs-mobile-title")}
  <#elseif section = "form">
    <form id="nhs-mobile-form" action="${url.loginAction}" method="post" novalidate>
      <@nhs.input name="mobile" label=msg("nhs-mobile-label") hint=msg("nhs-mobile-hint") type="tel" value=(nhsMobileTyped!'') autocomplete="tel" width="20"/>
      <@nhs.button id="nhs-mobile-submit" text=msg("nhs-mobile-continue")/>
    </form>
  </#if>
</@layout.registrationLayout>
