<#-- Create an NHS login: the attributes the realm's user profile lets a citizen give at registration (for the nhs
     realm, the email address), then a password when Keycloak asks for one here. -->
<#import "template.ftl" as layout>
<#import "nhs-components.ftl" as nhs>
<#assign fields = []>
<#list profile.attributes as attribute>
  <#if !attribute.readOnly && attribute.name != 'locale' && !(attribute.name == 'username' && realm.registrationEmailAsUsername)>
    <#assign fields = fields + [attribute.name]>
  </#if>
</#list>
<#if passwordRequired??><#assign fields = fields + ['password', 'password-confirm']></#if>
<@layout.registrationLayout displayMessage=messagesPerField.exists('global') errorFields=fields backUrl=url.loginUrl; section>
  <#if section = "header">
    ${msg("nhs-register-title")}
  <#elseif section = "form">
    <form id="kc-register-form" action="${url.registrationAction}" method="post" novalidate>
      <#list profile.attributes as attribute>
        <#if attribute.name == 'locale' && realm.internationalizationEnabled && locale.currentLanguageTag?has_content>
          <input type="hidden" id="locale" name="locale" value="${locale.currentLanguageTag}"/>
        <#elseif fields?seq_contains(attribute.name)>
          <@nhs.input name=attribute.name label=advancedMsg(attribute.displayName!attribute.name)
              type=(attribute.name == 'email')?then('email', 'text') value=(attribute.value!'')
              hint=(attribute.name == 'email')?then(msg("nhs-register-email-hint"), '')
              autocomplete=(attribute.autocomplete!'') spellcheck=(attribute.name != 'email')/>
        </#if>
      </#list>
      <#if passwordRequired??>
        <@nhs.input name="password" label=msg("password") type="password" hint=msg("nhs-password-hint") autocomplete="new-password"/>
        <@nhs.input name="password-confirm" label=msg("passwordConfirm") type="password" autocomplete="new-password"/>
      </#if>
      <@nhs.button id="nhs-register-submit" text=msg("nhs-continue")/>
    </form>
  </#if>
</@layout.registrationLayout>
