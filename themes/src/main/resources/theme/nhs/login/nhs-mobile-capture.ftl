<#-- Asks for a UK mobile to verify with a texted code: a first mobile (nhs-mobile-capture), or a new one in place of the
     verified mobile (nhs-change-mobile, which sets nhsMobileTitleKey and nhsMobileHintKey, and may be cancelled when a
     partner started it). -->
<#import "template.ftl" as layout>
<#import "nhs-components.ftl" as nhs>
<@layout.registrationLayout displayMessage=!messagesPerField.existsError('mobile') errorFields=['mobile']; section>
  <#if section = "header">
    ${msg(nhsMobileTitleKey!"nhs-mobile-title")}
  <#elseif section = "form">
    <form id="nhs-mobile-form" action="${url.loginAction}" method="post" novalidate>
      <@nhs.input name="mobile" label=msg("nhs-mobile-label") hint=msg(nhsMobileHintKey!"nhs-mobile-hint", nhsMobileHintParam!"") type="tel" value=(nhsMobileTyped!'') autocomplete="tel" width="20"/>
      <@nhs.button id="nhs-mobile-submit" text=msg("nhs-mobile-continue")/>
    </form>
    <#if isAppInitiatedAction?? && nhsMobileTitleKey??>
    <form id="nhs-mobile-cancel-form" action="${url.loginAction}" method="post">
      <@nhs.button id="nhs-mobile-cancel" text=msg("nhs-mobile-change-cancel") secondary=true name="cancel-aia" value="true"/>
    </form>
    </#if>
  </#if>
</@layout.registrationLayout>
