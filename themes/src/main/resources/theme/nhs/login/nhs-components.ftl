<#-- NHS.UK design-system components as FreeMarker macros, for every page of the theme and the journeys to come.
     A field's error comes from Keycloak's messagesPerField; an input with an error says so in its aria-describedby,
     and the error summary at the top of the page links to it. -->

<#-- Fields are named as Keycloak files their errors; "password>password-new" is an error filed under "password" that
     belongs to the input with id "password-new". -->
<#function errorKey field><#return field?keep_before(">")></#function>
<#function anchor field><#return field?contains(">")?then(field?keep_after(">"), field)></#function>

<#-- Whether the page shows an error summary: a field error, or (when the page displays messages) an error message. -->
<#function hasErrors fields showMessage>
  <#list fields as field>
    <#if messagesPerField.existsError(errorKey(field))><#return true></#if>
  </#list>
  <#return showMessage && message?has_content && message.type == 'error'>
</#function>

<#-- "There is a problem": each field error links to its field; a message that belongs to no field is listed too. -->
<#macro errorSummary fields=[] showMessage=true messageAnchor="">
  <#if hasErrors(fields, showMessage)>
  <div class="nhsuk-error-summary" data-module="nhsuk-error-summary" id="nhs-error-summary">
    <div role="alert">
      <h2 class="nhsuk-error-summary__heading">${msg("nhs-error-summary-title")}</h2>
      <div class="nhsuk-error-summary__body">
        <ul class="nhsuk-list nhsuk-error-summary__list">
          <#list fields as field>
            <#if messagesPerField.existsError(errorKey(field))>
          <li><a href="#${anchor(field)}">${kcSanitize(messagesPerField.get(errorKey(field)))?no_esc}</a></li>
            </#if>
          </#list>
          <#if showMessage && message?has_content && message.type == 'error'>
          <li><#if messageAnchor?has_content><a href="#${messageAnchor}">${kcSanitize(message.summary)?no_esc}</a><#else>${kcSanitize(message.summary)?no_esc}</#if></li>
          </#if>
        </ul>
      </div>
    </div>
  </div>
  </#if>
</#macro>

<#-- A success or information message as inset text, a warning as a warning callout. -->
<#macro notice type>
  <#if type == 'warning'>
  <div class="nhsuk-card nhsuk-card--warning" id="nhs-notice">
    <div class="nhsuk-card__content">
      <h2 class="nhsuk-card__heading">${msg("nhs-warning-heading")}</h2>
      <p class="nhsuk-card__description"><#nested></p>
    </div>
  </div>
  <#else>
  <div class="nhsuk-inset-text" id="nhs-notice">
    <span class="nhsuk-u-visually-hidden">${msg("nhs-information")}: </span>
    <p><#nested></p>
  </div>
  </#if>
</#macro>

<#-- A text input with its label, optional hint and error. name is also its id, which the error summary links to;
     errorKey is where Keycloak files its error when that is another name; takesMessage shows the page's error message
     here when Keycloak filed it under no field. -->
<#macro input name label type="text" value="" hint="" autocomplete="" inputmode="" width="" spellcheck=true autofocus=false errorKey="" takesMessage=false>
  <#local key = errorKey?has_content?then(errorKey, name)>
  <#local errorText = "">
  <#if messagesPerField.existsError(key)>
    <#local errorText = messagesPerField.get(key)>
  <#elseif takesMessage && message?has_content && message.type == 'error'>
    <#-- An error Keycloak files under no field (a password policy) shown at the field it is about. -->
    <#local errorText = message.summary>
  </#if>
  <#local hasError = errorText?has_content>
  <#local describedBy><#if hint?has_content>${name}-hint</#if><#if hasError> input-error-${name}</#if></#local>
  <div class="nhsuk-form-group<#if hasError> nhsuk-form-group--error</#if>">
    <label class="nhsuk-label" for="${name}">${label}</label>
    <#if hint?has_content>
    <div class="nhsuk-hint" id="${name}-hint">${hint}</div>
    </#if>
    <#if hasError>
    <span class="nhsuk-error-message" id="input-error-${name}">
      <span class="nhsuk-u-visually-hidden">${msg("nhs-error-prefix")}:</span> ${kcSanitize(errorText)?no_esc}
    </span>
    </#if>
    <input class="nhsuk-input<#if width?has_content> nhsuk-input--width-${width}</#if><#if hasError> nhsuk-input--error</#if>"
           id="${name}" name="${name}" type="${type}" value="${value}"<#if autocomplete?has_content> autocomplete="${autocomplete}"</#if><#if inputmode?has_content> inputmode="${inputmode}"</#if><#if !spellcheck> spellcheck="false"</#if><#if autofocus> autofocus</#if><#if describedBy?markup_string?trim?has_content> aria-describedby="${describedBy?markup_string?trim}"</#if><#if hasError> aria-invalid="true"</#if>>
  </div>
</#macro>

<#macro button id text secondary=false name="" value="">
  <button class="nhsuk-button<#if secondary> nhsuk-button--secondary</#if>" data-module="nhsuk-button" type="submit" id="${id}"<#if name?has_content> name="${name}" value="${value}"</#if>>${text}</button>
</#macro>

<#-- The NHS.UK date input: day, month and year in one fieldset, one error for the three. The error summary links to
     the day field (name + "-day"). -->
<#macro dateInput name legend hint day month year>
  <#local hasError = messagesPerField.existsError(name + "-day")>
  <div class="nhsuk-form-group<#if hasError> nhsuk-form-group--error</#if>">
    <fieldset class="nhsuk-fieldset" role="group" aria-describedby="${name}-hint<#if hasError> input-error-${name}</#if>">
      <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">${legend}</legend>
      <div class="nhsuk-hint" id="${name}-hint">${hint}</div>
      <#if hasError>
      <span class="nhsuk-error-message" id="input-error-${name}">
        <span class="nhsuk-u-visually-hidden">${msg("nhs-error-prefix")}:</span> ${kcSanitize(messagesPerField.get(name + "-day"))?no_esc}
      </span>
      </#if>
      <div class="nhsuk-date-input">
        <#list [["day", day, "2", "bday-day"], ["month", month, "2", "bday-month"], ["year", year, "4", "bday-year"]] as part>
        <div class="nhsuk-date-input__item">
          <div class="nhsuk-form-group">
            <label class="nhsuk-label nhsuk-date-input__label" for="${name}-${part[0]}">${msg("nhs-date-" + part[0])}</label>
            <input class="nhsuk-input nhsuk-date-input__input nhsuk-input--width-${part[2]}<#if hasError> nhsuk-input--error</#if>"
                   id="${name}-${part[0]}" name="${name}-${part[0]}" type="text" inputmode="numeric" autocomplete="${part[3]}" value="${part[1]}">
          </div>
        </div>
        </#list>
      </div>
    </fieldset>
  </div>
</#macro>

<#-- NHS.UK radios in a fieldset; options are [value, label] pairs. The first radio's id is name, which the error summary
     links to. -->
<#macro radios name legend options hint="">
  <#local hasError = messagesPerField.existsError(name)>
  <#local describedBy><#if hint?has_content>${name}-hint</#if><#if hasError> input-error-${name}</#if></#local>
  <div class="nhsuk-form-group<#if hasError> nhsuk-form-group--error</#if>">
    <fieldset class="nhsuk-fieldset"<#if describedBy?markup_string?trim?has_content> aria-describedby="${describedBy?markup_string?trim}"</#if>>
      <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">${legend}</legend>
      <#if hint?has_content>
      <div class="nhsuk-hint" id="${name}-hint">${hint}</div>
      </#if>
      <#if hasError>
      <span class="nhsuk-error-message" id="input-error-${name}">
        <span class="nhsuk-u-visually-hidden">${msg("nhs-error-prefix")}:</span> ${kcSanitize(messagesPerField.get(name))?no_esc}
      </span>
      </#if>
      <div class="nhsuk-radios" data-module="nhsuk-radios">
        <#list options as option>
        <#local id = (option?index == 0)?then(name, name + "-" + (option?index + 1))>
        <div class="nhsuk-radios__item">
          <input class="nhsuk-radios__input" id="${id}" name="${name}" type="radio" value="${option[0]}">
          <label class="nhsuk-label nhsuk-radios__label" for="${id}">${option[1]}</label>
        </div>
        </#list>
      </div>
    </fieldset>
  </div>
</#macro>

<#-- The service status banner (nhsStatus, added to every login page by the service-status module): the operator's
     message in the page's language when there is one, else what was measured. Rendered by the server: it changes on
     the next page, with or without JavaScript. -->
<#macro statusBanner>
  <#if nhsStatus?? && nhsStatus.shown>
  <#local welsh = (locale?? && locale.currentLanguageTag?starts_with("cy"))>
  <div class="nhsuk-notification-banner<#if nhsStatus.severity == 'warning'> nhs-status-banner--warning</#if>" role="region" aria-labelledby="nhs-status-title" data-module="nhsuk-notification-banner" id="nhs-status-banner" data-state="${nhsStatus.level}">
    <div class="nhsuk-notification-banner__header">
      <h2 class="nhsuk-notification-banner__title" id="nhs-status-title">${msg("nhs-status-title")}</h2>
    </div>
    <div class="nhsuk-notification-banner__content">
      <#if nhsStatus.operatorEn?has_content>
      <p class="nhsuk-notification-banner__heading" id="nhs-status-operator">${welsh?then(nhsStatus.operatorCy, nhsStatus.operatorEn)}</p>
      </#if>
      <#if nhsStatus.level == 'degraded'>
        <#list nhsStatus.affected as journey>
      <p class="nhsuk-body" id="nhs-status-${journey}">${msg("nhs-status-degraded-" + journey)}</p>
        </#list>
      <#elseif nhsStatus.level == 'busy'>
      <p class="nhsuk-body" id="nhs-status-busy">${msg(nhsStatus.affected?seq_contains("uplift")?then("nhs-status-busy-uplift", "nhs-status-busy"))}</p>
      </#if>
    </div>
  </div>
  </#if>
</#macro>
