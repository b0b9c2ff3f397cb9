<#ftl output_format="plainText">
${msg("nhs-email-code-intro")}

${code}

${msg("nhs-email-code-expiry", minutes)}

${msg("nhs-email-code-not-you")}

${msg("nhs-email-footer")}
