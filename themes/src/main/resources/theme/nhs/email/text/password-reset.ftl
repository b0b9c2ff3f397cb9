<#ftl output_format="plainText">
${msg("nhs-email-reset-intro")}

${link}

${msg("nhs-email-reset-expiry", linkExpirationFormatter(linkExpiration))}

${msg("nhs-email-reset-not-you")}

${msg("nhs-email-footer")}
