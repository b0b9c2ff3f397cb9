<#-- AMNV: the citizen's 2FA mobile is not on their GP record, which has other mobiles. Only their last digits are shown:
     the number may not be the citizen's. Options' values are the journey's: an index into the record's mobiles, or
     "keep". -->
<#import "template.ftl" as layout>
<#import "nhs-components.ftl" as nhs>
<@layout.registrationLayout displayMessage=!messagesPerField.existsError('gp-mobile') errorFields=['gp-mobile']; section>
  <#if section = "header">
    ${msg("nhs-amnv-offer-title")}
  <#elseif section = "form">
    <p class="nhsuk-body">${msg("nhs-amnv-offer-intro", nhsMobileLastFour)}</p>
    <p class="nhsuk-body">${msg("nhs-amnv-offer-why")}</p>
    <form id="nhs-amnv-offer-form" action="${url.loginAction}" method="post" novalidate>
      <#assign options = []>
      <#list nhsGpMobiles as lastFour>
        <#assign options = options + [[lastFour?index?c, msg("nhs-amnv-offer-send", lastFour)]]>
      </#list>
      <#assign options = options + [["keep", msg("nhs-amnv-offer-keep", nhsMobileLastFour)]]>
      <@nhs.radios name="gp-mobile" legend=msg("nhs-amnv-offer-legend") options=options/>
      <@nhs.button id="nhs-amnv-offer-submit" text=msg("nhs-continue")/>
    </form>
  </#if>
</@layout.registrationLayout>
