<#-- Unsubscribing from campaign emails. The GET shows the button and changes nothing (mail scanners follow links);
     the button, or a mail client's one-click POST (RFC 8058), opts the citizen out of every later campaign. -->
<#import "template.ftl" as layout>
<#import "nhs-components.ftl" as nhs>
<@layout.registrationLayout displayMessage=false; section>
  <#if section = "header">
    <#if nhsUnsubscribed>${msg("nhs-campaign-unsubscribed-title")}<#else>${msg("nhs-campaign-unsubscribe-title")}</#if>
  <#elseif section = "form">
    <#if nhsUnsubscribed>
    <p class="nhsuk-body" id="nhs-campaign-unsubscribed">${msg("nhs-campaign-unsubscribed-body")}</p>
    <#else>
    <p class="nhsuk-body">${msg("nhs-campaign-unsubscribe-body")}</p>
    <form id="nhs-campaign-unsubscribe-form" action="${nhsUnsubscribeAction}" method="post">
      <@nhs.button id="nhs-campaign-unsubscribe" text=msg("nhs-campaign-unsubscribe")/>
    </form>
    </#if>
  </#if>
</@layout.registrationLayout>
