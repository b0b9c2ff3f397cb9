<#import "template.ftl" as layout>
<@layout.emailLayout>
  <p>${msg("nhs-email-reset-intro")}</p>
  <p><a href="${link}" style="color:#005eb8;">${msg("nhs-email-reset-link")}</a></p>
  <p>${msg("nhs-email-reset-expiry", linkExpirationFormatter(linkExpiration))}</p>
  <p>${msg("nhs-email-reset-not-you")}</p>
</@layout.emailLayout>
