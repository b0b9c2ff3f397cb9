package org.nhsloginkeycloak.it.support;

import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nhsloginkeycloak.sandpit.Sandpit;

/** The mail Keycloak sent, read from the sandpit's SMTP sink. */
public final class Mailbox {

    private static final Pattern ACTION_LINK = Pattern.compile("https?://[^\\s\"<>]+/login-actions/action-token\\?[^\\s\"<>]+");

    private final Sandpit sandpit;

    public Mailbox(Sandpit sandpit) {
        this.sandpit = sandpit;
    }

    /** Six digits on their own (not a colour like #212121): the code, whatever the language of the mail. */
    private static final Pattern CODE = Pattern.compile("(?<![0-9#])([0-9]{6})(?![0-9])");

    /** The security code in the latest mail to {@code address} that has one. */
    public String latestCodeTo(String address) {
        return latestMatch(address, CODE).group(1);
    }

    /** The action link (verify email, reset password) in the latest mail to {@code address}. */
    public URI latestActionLinkTo(String address) {
        return URI.create(latestMatch(address, ACTION_LINK).group().replace("&amp;", "&"));
    }

    /** The subject of the latest mail to {@code address}. */
    public String latestSubjectTo(String address) {
        List<MimeMessage> messages = sandpit.mail().messages();
        for (int i = messages.size() - 1; i >= 0; i--) {
            try {
                if (messages.get(i).getRecipients(Message.RecipientType.TO)[0].toString().equalsIgnoreCase(address)) {
                    return messages.get(i).getSubject();
                }
            } catch (Exception e) {
                throw new AssertionError("Cannot read a mail: " + e.getMessage(), e);
            }
        }
        throw new AssertionError("No mail to " + address);
    }

    /** How many mails {@code address} has been sent. */
    public long countTo(String address) {
        return sandpit.mail().messages().stream().filter(message -> {
            try {
                return message.getRecipients(Message.RecipientType.TO)[0].toString().equalsIgnoreCase(address);
            } catch (Exception e) {
                return false;
            }
        }).count();
    }

    private Matcher latestMatch(String address, Pattern pattern) {
        List<MimeMessage> messages = sandpit.mail().messages();
        for (int i = messages.size() - 1; i >= 0; i--) {
            try {
                MimeMessage message = messages.get(i);
                if (message.getRecipients(Message.RecipientType.TO)[0].toString().equalsIgnoreCase(address)) {
                    Matcher match = pattern.matcher(text(message.getContent()));
                    if (match.find()) {
                        return match;
                    }
                }
            } catch (Exception e) {
                throw new AssertionError("Cannot read a mail: " + e.getMessage(), e);
            }
        }
        throw new AssertionError("No mail matching " + pattern + " to " + address);
    }

    private static String text(Object content) throws Exception {
        if (content instanceof Multipart multipart) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart part = multipart.getBodyPart(i);
                text.append(text(part.getContent())).append('\n');
            }
            return text.toString();
        }
        return String.valueOf(content);
    }
}
