<#-- "Your details": what PDS holds about the signed-in citizen, read fresh. At P9 (nhsDetailsEditable) the address,
     mobile and email rows each have a "Change" that opens their form (nhs-your-details-change.ftl); each is a POST, as
     every step of a sign-in is. -->
<#import "template.ftl" as layout>
<#import "nhs-components.ftl" as nhs>
<#macro change kind label>
  <#if nhsDetailsEditable!false>
      <dd class="nhsuk-summary-list__actions">
        <form class="nhs-details-form" id="nhs-details-change-${kind}" action="${url.loginAction}" method="post">
          <input type="hidden" name="change" value="${kind}"/>
          <button type="submit" class="nhs-link-button" id="nhs-details-change-${kind}-button">${msg("nhs-details-change")}<span class="nhsuk-u-visually-hidden"> ${label}</span></button>
        </form>
      </dd>
  <#elseif nhsDetailsState = "shown">
      <dd class="nhsuk-summary-list__actions"></dd>
  </#if>
</#macro>
<@layout.registrationLayout; section>
  <#if section = "header">
    ${msg("nhs-details-title")}
  <#elseif section = "form">
    <#if nhsDetailsState = "shown">
    <p class="nhsuk-body">${msg("nhs-details-intro")}</p>
    <dl class="nhsuk-summary-list" id="nhs-details">
      <div class="nhsuk-summary-list__row">
        <dt class="nhsuk-summary-list__key">${msg("nhs-details-name")}</dt>
        <dd class="nhsuk-summary-list__value" id="nhs-details-name">${nhsDetails.name}</dd>
        <dd class="nhsuk-summary-list__actions"></dd>
      </div>
      <div class="nhsuk-summary-list__row">
        <dt class="nhsuk-summary-list__key">${msg("nhs-details-birth-date")}</dt>
        <dd class="nhsuk-summary-list__value" id="nhs-details-birth-date">${nhsDetails.birthDate!msg("nhs-details-none-given")}</dd>
        <dd class="nhsuk-summary-list__actions"></dd>
      </div>
      <div class="nhsuk-summary-list__row">
        <dt class="nhsuk-summary-list__key">${msg("nhs-details-nhs-number")}</dt>
        <dd class="nhsuk-summary-list__value" id="nhs-details-nhs-number">${nhsDetails.nhsNumber}</dd>
        <dd class="nhsuk-summary-list__actions"></dd>
      </div>
      <#if !nhsDetails.restricted>
      <div class="nhsuk-summary-list__row">
        <dt class="nhsuk-summary-list__key">${msg("nhs-details-address")}</dt>
        <dd class="nhsuk-summary-list__value" id="nhs-details-address"><#if nhsDetails.address?has_content><#list nhsDetails.address as line>${line}<#sep><br></#sep></#list><#else>${msg("nhs-details-none-given")}</#if></dd>
        <@change kind="address" label=msg("nhs-details-address-hidden")/>
      </div>
      <div class="nhsuk-summary-list__row">
        <dt class="nhsuk-summary-list__key">${msg("nhs-details-mobile")}</dt>
        <dd class="nhsuk-summary-list__value" id="nhs-details-mobile">${nhsDetails.mobile!msg("nhs-details-none-given")}</dd>
        <@change kind="mobile" label=msg("nhs-details-mobile-hidden")/>
      </div>
      <div class="nhsuk-summary-list__row">
        <dt class="nhsuk-summary-list__key">${msg("nhs-details-email")}</dt>
        <dd class="nhsuk-summary-list__value" id="nhs-details-email">${nhsDetails.email!msg("nhs-details-none-given")}</dd>
        <@change kind="email" label=msg("nhs-details-email-hidden")/>
      </div>
      <div class="nhsuk-summary-list__row">
        <dt class="nhsuk-summary-list__key">${msg("nhs-details-gp")}</dt>
        <dd class="nhsuk-summary-list__value" id="nhs-details-gp">${nhsDetails.gp!msg("nhs-details-none-given")}</dd>
        <dd class="nhsuk-summary-list__actions"></dd>
      </div>
      </#if>
    </dl>
    <#if nhsDetails.restricted>
    <p class="nhsuk-body" id="nhs-details-restricted">${msg("nhs-details-restricted")}</p>
    </#if>
    <#if !nhsDetails.fullNhsNumber>
    <p class="nhsuk-body" id="nhs-details-masked">${msg("nhs-details-masked")}</p>
    </#if>
    <#if nhsDetailsEditable!false>
    <p class="nhsuk-body" id="nhs-details-how">${msg("nhs-details-how-p9")}</p>
    <#else>
    <p class="nhsuk-body" id="nhs-details-how">${msg("nhs-details-how")}</p>
    <#if nhsLevel = "P5">
    <p class="nhsuk-body" id="nhs-details-reach-p9">${msg("nhs-details-reach-p9")}</p>
    </#if>
    </#if>
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
