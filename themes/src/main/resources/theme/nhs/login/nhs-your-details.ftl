<#-- "Your details": what PDS holds about the signed-in citizen, read fresh. Nothing on this page writes anything. -->
<#import "template.ftl" as layout>
<#import "nhs-components.ftl" as nhs>
<@layout.registrationLayout displayMessage=false; section>
  <#if section = "header">
    ${msg("nhs-details-title")}
  <#elseif section = "form">
    <#if nhsDetailsState = "shown">
    <p class="nhsuk-body">${msg("nhs-details-intro")}</p>
    <dl class="nhsuk-summary-list" id="nhs-details">
      <div class="nhsuk-summary-list__row">
        <dt class="nhsuk-summary-list__key">${msg("nhs-details-name")}</dt>
        <dd class="nhsuk-summary-list__value" id="nhs-details-name">${nhsDetails.name}</dd>
      </div>
      <div class="nhsuk-summary-list__row">
        <dt class="nhsuk-summary-list__key">${msg("nhs-details-birth-date")}</dt>
        <dd class="nhsuk-summary-list__value" id="nhs-details-birth-date">${nhsDetails.birthDate!msg("nhs-details-none-given")}</dd>
      </div>
      <div class="nhsuk-summary-list__row">
        <dt class="nhsuk-summary-list__key">${msg("nhs-details-nhs-number")}</dt>
        <dd class="nhsuk-summary-list__value" id="nhs-details-nhs-number">${nhsDetails.nhsNumber}</dd>
      </div>
      <#if !nhsDetails.restricted>
      <div class="nhsuk-summary-list__row">
        <dt class="nhsuk-summary-list__key">${msg("nhs-details-address")}</dt>
        <dd class="nhsuk-summary-list__value" id="nhs-details-address"><#if nhsDetails.address?has_content><#list nhsDetails.address as line>${line}<#sep><br></#sep></#list><#else>${msg("nhs-details-none-given")}</#if></dd>
      </div>
      <div class="nhsuk-summary-list__row">
        <dt class="nhsuk-summary-list__key">${msg("nhs-details-mobile")}</dt>
        <dd class="nhsuk-summary-list__value" id="nhs-details-mobile">${nhsDetails.mobile!msg("nhs-details-none-given")}</dd>
      </div>
      <div class="nhsuk-summary-list__row">
        <dt class="nhsuk-summary-list__key">${msg("nhs-details-email")}</dt>
        <dd class="nhsuk-summary-list__value" id="nhs-details-email">${nhsDetails.email!msg("nhs-details-none-given")}</dd>
      </div>
      <div class="nhsuk-summary-list__row">
        <dt class="nhsuk-summary-list__key">${msg("nhs-details-gp")}</dt>
        <dd class="nhsuk-summary-list__value" id="nhs-details-gp">${nhsDetails.gp!msg("nhs-details-none-given")}</dd>
      </div>
      </#if>
    </dl>
    <#if nhsDetails.restricted>
    <p class="nhsuk-body" id="nhs-details-restricted">${msg("nhs-details-restricted")}</p>
    </#if>
    <#if !nhsDetails.fullNhsNumber>
    <p class="nhsuk-body" id="nhs-details-masked">${msg("nhs-details-masked")}</p>
    </#if>
    <p class="nhsuk-body" id="nhs-details-how">${msg("nhs-details-how")}</p>
    <#elseif nhsDetailsState = "none">
    <p class="nhsuk-body" id="nhs-details-none">${msg("nhs-details-none")}</p>
    <#elseif nhsDetailsState = "not-found">
    <p class="nhsuk-body" id="nhs-details-not-found">${msg("nhs-details-not-found")}</p>
    <#else>
    <p class="nhsuk-body" id="nhs-details-unavailable">${msg("nhs-details-unavailable")}</p>
    </#if>
    <form id="nhs-details-form" action="${url.loginAction}" method="post">
      <input type="hidden" name="continue" value="true"/>
      <@nhs.button id="nhs-details-continue" text=msg("nhs-continue")/>
    </form>
  </#if>
</@layout.registrationLayout>
