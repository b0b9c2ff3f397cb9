<#-- The page layout of every login page: NHS.UK header, language switch, error summary, one h1, footer.
     Keycloak's base pages call registrationLayout with bodyClass, displayInfo, displayMessage and
     displayRequiredFields; our pages also pass errorFields (the fields whose errors the summary links to, in page
     order), messageAnchor (the field an error message that Keycloak files under no field belongs to) and backUrl (a
     back link above the heading). -->
<#import "nhs-components.ftl" as nhs>
<#macro registrationLayout bodyClass="" displayInfo=false displayMessage=true displayRequiredFields=false errorFields=[] backUrl="" messageAnchor="">
<#assign pageHeading><#nested "header"></#assign>
<!DOCTYPE html>
<html lang="${lang}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="robots" content="noindex, nofollow">
  <title><#if nhs.hasErrors(errorFields, displayMessage)>${msg("nhs-title-error-prefix")} </#if>${pageHeading?markup_string?replace("<[^>]*>", "", "r")?trim?no_esc} - ${msg("nhs-service-name")}</title>
  <link rel="icon" href="${url.resourcesPath}/nhsuk/assets/images/favicon.ico" sizes="48x48">
  <link rel="icon" href="${url.resourcesPath}/nhsuk/assets/images/favicon.svg" sizes="any" type="image/svg+xml">
  <#if properties.styles?has_content>
    <#list properties.styles?split(' ') as style>
  <link href="${url.resourcesPath}/${style}" rel="stylesheet">
    </#list>
  </#if>
  <#if authenticationSession??>
  <script type="module">
    <#outputformat "JavaScript">
    import { checkAuthSession } from ${(url.resourcesPath + "/js/authChecker.js")?c};
    checkAuthSession(${authenticationSession.authSessionIdHash?c});
    </#outputformat>
  </script>
  </#if>
</head>
<body class="${bodyClass}" data-page-id="login-${pageId}">
  <script>document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' nhsuk-frontend-supported' : '');</script>
  <a class="nhsuk-skip-link" data-module="nhsuk-skip-link" href="#maincontent">${msg("nhs-skip-link")}</a>
  <header class="nhsuk-header" data-module="nhsuk-header" role="banner">
    <div class="nhsuk-header__container nhsuk-width-container">
      <div class="nhsuk-header__service">
        <svg class="nhsuk-header__logo" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 80" height="40" width="100" focusable="false" role="img" aria-label="NHS">
          <title>NHS</title>
          <path fill="currentcolor" d="M200 0v80H0V0h200Zm-27.5 5.5c-14.5 0-29 5-29 22 0 10.2 7.7 13.5 14.7 16.3l.7.3c5.4 2 10.1 3.9 10.1 8.4 0 6.5-8.5 7.5-14 7.5s-12.5-1.5-16-3.5L135 70c5.5 2 13.5 3.5 20 3.5 15.5 0 32-4.5 32-22.5 0-19.5-25.5-16.5-25.5-25.5 0-5.5 5.5-6.5 12.5-6.5a35 35 0 0 1 14.5 3l4-13.5c-4.5-2-12-3-20-3Zm-131 2h-22l-14 65H22l9-45h.5l13.5 45h21.5l14-65H64l-9 45h-.5l-13-45Zm63 0h-18l-13 65h17l6-28H117l-5.5 28H129l13.5-65H125L119.5 32h-20l5-24.5Z"/>
        </svg>
        <span class="nhsuk-header__service-name">${msg("nhs-service-name")}</span>
      </div>
    </div>
  </header>
  <div class="nhsuk-width-container">
    <#if realm.internationalizationEnabled && locale.supported?size gt 1>
    <nav class="nhs-login-language" id="nhs-language" aria-label="${msg("nhs-language-switch")}">
      <ul class="nhsuk-list nhsuk-u-margin-bottom-0">
        <#list locale.supported as l>
        <li class="nhsuk-u-display-inline-block nhsuk-u-margin-left-3"><a href="${l.url}" lang="${l.languageTag}" hreflang="${l.languageTag}"<#if l.languageTag == locale.currentLanguageTag> aria-current="true"</#if>>${l.label}</a></li>
        </#list>
      </ul>
    </nav>
    </#if>
    <#if backUrl?has_content>
    <a class="nhsuk-back-link" href="${backUrl}">${msg("nhs-back")}</a>
    </#if>
    <main class="nhsuk-main-wrapper" id="maincontent" role="main">
      <div class="nhsuk-grid-row">
        <div class="nhsuk-grid-column-two-thirds">
          <@nhs.statusBanner/>
          <@nhs.errorSummary fields=errorFields showMessage=displayMessage messageAnchor=messageAnchor/>
          <#if displayMessage && message?has_content && message.type != 'error' && (message.type != 'warning' || !isAppInitiatedAction??)>
            <@nhs.notice type=message.type>${kcSanitize(message.summary)?no_esc}</@nhs.notice>
          </#if>
          <h1 class="nhsuk-heading-l" id="kc-page-title">${pageHeading}</h1>
          <#if auth?has_content && auth.showUsername() && !auth.showResetCredentials()>
            <#nested "show-username">
            <p class="nhsuk-body" id="kc-username">${msg("nhs-signing-in-as")} <strong id="kc-attempted-username">${auth.attemptedUsername}</strong>.
              <a id="reset-login" href="${url.loginRestartFlowUrl}">${msg("nhs-not-you")}</a></p>
          </#if>
          <#nested "form">
          <#if auth?has_content && auth.showTryAnotherWayLink()>
          <form id="kc-select-try-another-way-form" action="${url.loginAction}" method="post">
            <input type="hidden" name="tryAnotherWay" value="on"/>
            <button class="nhsuk-button nhsuk-button--secondary" type="submit">${msg("doTryAnotherWay")}</button>
          </form>
          </#if>
          <#nested "socialProviders">
          <#if displayInfo>
          <div id="kc-info">
            <#nested "info">
          </div>
          </#if>
        </div>
      </div>
    </main>
  </div>
  <footer class="nhsuk-footer" role="contentinfo">
    <div class="nhsuk-width-container">
      <div class="nhsuk-footer__meta">
        <h2 class="nhsuk-u-visually-hidden">${msg("nhs-footer-heading")}</h2>
        <p class="nhsuk-body-s">&copy; ${msg("nhs-footer-copyright")}</p>
      </div>
    </div>
  </footer>
  <script type="module">
    <#outputformat "JavaScript">
    import { initAll } from ${(url.resourcesPath + "/nhsuk/nhsuk-frontend.min.js")?c};
    initAll();
    </#outputformat>
  </script>
</body>
</html>
</#macro>
