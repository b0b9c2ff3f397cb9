<#-- Forgotten password: the email address to send the reset to. -->
<#import "template.ftl" as layout>
<#import "nhs-components.ftl" as nhs>
<@layout.registrationLayout displayMessage=!messagesPerField.existsError('username') errorFields=['username'] backUrl=url.loginUrl; section>
  <#if section = "header">
    ${msg("nhs-reset-title")}
  <#elseif section = "form">
    <form id="kc-reset-password-form" action="${url.loginAction}" method="post" novalidate>
      <@nhs.input name="username" label=msg("email") type="email" hint=msg("nhs-reset-hint") value=(auth.attemptedUsername!'') autocomplete="email" spellcheck=false/>
      <@nhs.button id="nhs-reset-submit" text=msg("nhs-continue")/>
    </form>
  </#if>
</@layout.registrationLayout>
