<#-- Where a campaign email's link returns after sign-in and the uplift: the partner services a proved citizen can use.
     Nothing here is personal; the services come from the realm's clients (nhs.service.* attributes). -->
<#import "template.ftl" as layout>
<@layout.registrationLayout displayMessage=false; section>
  <#if section = "header">
    <#if nhsProved>${msg("nhs-campaign-services-title-proved")}<#else>${msg("nhs-campaign-services-title")}</#if>
  <#elseif section = "form">
    <#if nhsProved>
    <p class="nhsuk-body" id="nhs-campaign-proved">${msg("nhs-campaign-services-proved")}</p>
    <#elseif nhsSignedIn>
    <p class="nhsuk-body" id="nhs-campaign-not-yet">${msg("nhs-campaign-services-not-yet")}</p>
    <#else>
    <p class="nhsuk-body" id="nhs-campaign-signed-out">${msg("nhs-campaign-services-signed-out")}</p>
    </#if>
    <#if nhsServices?has_content>
    <ul class="nhsuk-list nhsuk-list--bullet" id="nhs-campaign-services">
      <#list nhsServices as service>
      <li><a class="nhsuk-link" href="${service.url}">${service.name}</a><#if service.description?has_content>: ${service.description}</#if></li>
      </#list>
    </ul>
    </#if>
    <#if nhsTryAgain??>
    <a class="nhsuk-button" id="nhs-campaign-try-again" href="${nhsTryAgain}">${msg("nhs-campaign-try-again")}</a>
    </#if>
  </#if>
</@layout.registrationLayout>
