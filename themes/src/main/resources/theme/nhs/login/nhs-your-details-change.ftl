<#-- A P9 citizen's change to their PDS record: the home address (five lines and a postcode), the mobile or the email
     (nhsChange), filled with nhsChangeValues. After a 409 the record was read again: nhsDetailsNow is what PDS holds
     now, shown beside the citizen's change before they save it again. -->
<#import "template.ftl" as layout>
<#import "nhs-components.ftl" as nhs>
<#assign fields = (nhsChange = "address")?then(["address-line-1", "address-line-2", "address-line-3", "address-line-4", "address-line-5", "address-postcode"], [nhsChange])>
<#-- Field errors are listed by field; Keycloak's page message then repeats them, so it shows only when no field has one
     (PDS's answers: "nothing has been changed"). -->
<#assign fieldErrors = false>
<#list fields as field><#if messagesPerField.existsError(field)><#assign fieldErrors = true></#if></#list>
<@layout.registrationLayout displayMessage=!fieldErrors errorFields=fields; section>
  <#if section = "header">
    ${msg("nhs-details-change-" + nhsChange + "-title")}
  <#elseif section = "form">
    <#if nhsDetailsNow??>
    <div class="nhsuk-card nhsuk-card--warning" id="nhs-details-changed-meanwhile">
      <div class="nhsuk-card__content">
        <h2 class="nhsuk-card__heading">${msg("nhs-details-changed-meanwhile-title")}</h2>
        <p class="nhsuk-card__description">${msg("nhs-details-changed-meanwhile")}</p>
        <p class="nhsuk-card__description" id="nhs-details-now"><#if nhsChange = "address"><#if nhsDetailsNow.address?has_content><#list nhsDetailsNow.address as line>${line}<#sep><br></#sep></#list><#else>${msg("nhs-details-none-given")}</#if><#elseif nhsChange = "mobile">${nhsDetailsNow.mobile!msg("nhs-details-none-given")}<#else>${nhsDetailsNow.email!msg("nhs-details-none-given")}</#if></p>
      </div>
    </div>
    </#if>
    <p class="nhsuk-body" id="nhs-details-change-hint">${msg("nhs-details-change-" + nhsChange + "-hint")}</p>
    <form id="nhs-details-change-form" action="${url.loginAction}" method="post" novalidate>
      <input type="hidden" name="save" value="true"/>
      <#if nhsChange = "address">
      <@nhs.input name="address-line-1" label=msg("nhs-details-line-1") value=nhsChangeValues["address-line-1"] autocomplete="address-line1"/>
      <@nhs.input name="address-line-2" label=msg("nhs-details-line-2") value=nhsChangeValues["address-line-2"] autocomplete="address-line2"/>
      <@nhs.input name="address-line-3" label=msg("nhs-details-line-3") value=nhsChangeValues["address-line-3"] autocomplete="address-line3"/>
      <@nhs.input name="address-line-4" label=msg("nhs-details-line-4") value=nhsChangeValues["address-line-4"] autocomplete="address-level2"/>
      <@nhs.input name="address-line-5" label=msg("nhs-details-line-5") value=nhsChangeValues["address-line-5"] autocomplete="address-level1"/>
      <@nhs.input name="address-postcode" label=msg("nhs-details-postcode") value=nhsChangeValues["address-postcode"] autocomplete="postal-code" width="10" spellcheck=false/>
      <#elseif nhsChange = "mobile">
      <@nhs.input name="mobile" label=msg("nhs-details-new-mobile") hint=msg("nhs-details-new-mobile-hint") value=nhsChangeValues["mobile"] type="tel" autocomplete="tel" width="20" spellcheck=false/>
      <#else>
      <@nhs.input name="email" label=msg("nhs-details-new-email") hint=msg("nhs-details-new-email-hint") value=nhsChangeValues["email"] type="email" autocomplete="email" spellcheck=false/>
      </#if>
      <@nhs.button id="nhs-details-save" text=msg("nhs-details-save")/>
    </form>
    <form id="nhs-details-cancel-form" action="${url.loginAction}" method="post">
      <input type="hidden" name="cancel" value="true"/>
      <@nhs.button id="nhs-details-cancel" text=msg("nhs-details-cancel") secondary=true/>
    </form>
  </#if>
</@layout.registrationLayout>
