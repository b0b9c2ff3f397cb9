<#-- P5 uplift: the details PDS is searched with. Field names are UpliftDetails'. -->
<#import "template.ftl" as layout>
<#import "nhs-components.ftl" as nhs>
<@layout.registrationLayout displayMessage=!messagesPerField.existsError('given-name', 'family-name', 'dob-day', 'postcode', 'nhs-number') errorFields=['given-name', 'family-name', 'dob-day', 'postcode', 'nhs-number']; section>
  <#if section = "header">
    ${msg("nhs-uplift-title")}
  <#elseif section = "form">
    <p class="nhsuk-body">${msg("nhs-uplift-intro")}</p>
    <#if nhsStatus?? && nhsStatus.level == 'degraded' && nhsStatus.affected?seq_contains("uplift")>
    <#-- PDS is failing: say so before the citizen types anything, and let them leave to come back. -->
    <@nhs.notice type="warning">${msg("nhs-uplift-degraded")}</@nhs.notice>
    <form id="nhs-uplift-later-form" action="${url.loginAction}" method="post">
      <input type="hidden" name="later" value="true"/>
      <@nhs.button id="nhs-uplift-later" text=msg("nhs-uplift-come-back-later") secondary=true/>
    </form>
    </#if>
    <form id="nhs-uplift-form" action="${url.loginAction}" method="post" novalidate>
      <@nhs.input name="given-name" label=msg("nhs-uplift-given") value=nhsUplift['given-name'] autocomplete="given-name" spellcheck=false/>
      <@nhs.input name="family-name" label=msg("nhs-uplift-family") value=nhsUplift['family-name'] autocomplete="family-name" spellcheck=false/>
      <@nhs.dateInput name="dob" legend=msg("nhs-uplift-dob") hint=msg("nhs-uplift-dob-hint")
          day=nhsUplift['dob-day'] month=nhsUplift['dob-month'] year=nhsUplift['dob-year']/>
      <@nhs.input name="postcode" label=msg("nhs-uplift-postcode") value=nhsUplift['postcode'] autocomplete="postal-code" width="10"/>
      <@nhs.input name="nhs-number" label=msg("nhs-uplift-nhs-number") hint=msg("nhs-uplift-nhs-number-hint") value=nhsUplift['nhs-number'] inputmode="numeric" width="10" spellcheck=false/>
      <@nhs.button id="nhs-uplift-submit" text=msg("nhs-continue")/>
    </form>
    <#if isAppInitiatedAction??>
    <#-- A partner asked for this with kc_action: the citizen may decline, and the partner is told so. -->
    <form id="nhs-uplift-cancel-form" action="${url.loginAction}" method="post">
      <input type="hidden" name="cancel-aia" value="true"/>
      <@nhs.button id="nhs-uplift-cancel" text=msg("nhs-uplift-not-now") secondary=true/>
    </form>
    </#if>
  </#if>
</@layout.registrationLayout>
