<#import "template.ftl" as layout>
<@layout.emailLayout>
  <p>${msg(introKey!"nhs-email-code-intro")}</p>
  <p style="font-size:32px;font-weight:bold;letter-spacing:4px;margin:16px 0;">${code}</p>
  <p>${msg("nhs-email-code-expiry", minutes)}</p>
  <p>${msg(notYouKey!"nhs-email-code-not-you")}</p>
</@layout.emailLayout>
