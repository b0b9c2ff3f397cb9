<#-- The layout of every HTML mail: NHS blue header with the service name, the message, a footer. Inline styles and a
     table, because mail clients ignore style sheets; the text version of each mail carries the same words. -->
<#macro emailLayout>
<!DOCTYPE html>
<html lang="${locale.language}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${msg("nhs-email-service-name")}</title>
</head>
<body style="margin:0;padding:0;background-color:#f0f4f5;font-family:Arial,sans-serif;color:#212b32;">
  <table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background-color:#f0f4f5;">
    <tr>
      <td style="background-color:#005eb8;padding:16px 24px;">
        <span style="display:inline-block;background-color:#ffffff;color:#005eb8;font-weight:bold;font-size:20px;padding:2px 8px;">NHS</span>
        <span style="color:#ffffff;font-size:18px;padding-left:12px;">${msg("nhs-email-service-name")}</span>
      </td>
    </tr>
    <tr>
      <td style="padding:24px;font-size:16px;line-height:1.5;">
        <#nested>
      </td>
    </tr>
    <tr>
      <td style="padding:16px 24px;font-size:14px;color:#4c6272;border-top:4px solid #005eb8;">
        ${msg("nhs-email-footer")}
      </td>
    </tr>
  </table>
</body>
</html>
</#macro>
