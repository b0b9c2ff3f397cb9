<#ftl output_format="plainText">
${msg(introKey!"nhs-email-code-intro")}

${code}

${msg("nhs-email-code-expiry", minutes)}

${msg(notYouKey!"nhs-email-code-not-you")}

${msg("nhs-email-footer")}
