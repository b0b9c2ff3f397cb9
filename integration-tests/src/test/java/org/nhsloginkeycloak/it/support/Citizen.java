package org.nhsloginkeycloak.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.nhsloginkeycloak.sandpit.Sandpit;

/**
 * A citizen at a browser without JavaScript: follows redirects, keeps cookies, reads and submits Keycloak's HTML
 * forms. Browser tests with a real Chromium come with the theme; this drives the protocol and the server's forms.
 */
public final class Citizen {

    public static final String SMS_CODE_FORM = "#nhs-sms-code-form";
    public static final String SMS_RESEND_FORM = "#nhs-sms-resend-form";

    private final Http http = new Http();
    private final Sandpit sandpit;
    private final URI keycloak;

    public Citizen(Sandpit sandpit) {
        this.sandpit = sandpit;
        this.keycloak = sandpit.keycloakUrl();
    }

    /** Where a step ends: a page Keycloak shows, or a redirect away from Keycloak (to a partner's redirect URI). */
    public record Landing(URI uri, Document page, URI redirect) {

        public boolean isPage() {
            return page != null;
        }

        public Document page() {
            assertThat(page).as("expected a Keycloak page, but was redirected to %s", redirect).isNotNull();
            return page;
        }

        public URI redirect() {
            assertThat(redirect).as("expected a redirect away from Keycloak, but got the page %s: %s", uri,
                    page == null ? "" : page.title()).isNotNull();
            return redirect;
        }
    }

    public Landing open(URI uri) {
        return follow(uri, http.get(uri));
    }

    /**
     * Signs in as NHS login asks: opens {@code authorize}, gives the password, then the security code the Notify
     * stand-in was asked to text to the citizen's mobile. Returns where that leads.
     */
    public Landing signIn(URI authorize, String username, String password) {
        Landing afterPassword = signInWithPassword(authorize, username, password);
        if (!afterPassword.isPage() || afterPassword.page().selectFirst(SMS_CODE_FORM) == null) {
            return afterPassword;
        }
        String mobile = new AdminApi(sandpit).attribute(username, "phone_number");
        return enterSmsCode(afterPassword, new SmsInbox(sandpit).latestCode(mobile));
    }

    /** Opens {@code authorize}, fills the login form and submits it: the next page is normally the code page. */
    public Landing signInWithPassword(URI authorize, String username, String password) {
        Landing login = open(authorize);
        return submit(login, "#kc-form-login", Map.of("username", username, "password", password));
    }

    /**
     * For an account without a verified mobile (ADR 0008): the password, then the code emailed to the account, which
     * must come before any mobile is bound. Returns where that leads, normally the mobile page. The username is the
     * account's email address, as in the nhs realm.
     */
    public Landing signInProvingEmail(URI authorize, String username, String password) {
        Landing emailCode = signInWithPassword(authorize, username, password);
        assertThat(emailCode.page().text()).as("the emailed-code page").contains("Check your email");
        return enterSmsCode(emailCode, new Mailbox(sandpit).latestCodeTo(username));
    }

    /**
     * A forgotten password: from the partner's sign-in page to the reset form, the username, then the link Keycloak
     * emailed. Returns where the link leads (the next step of the reset flow).
     */
    public Landing followResetLink(URI authorize, String username) {
        Landing login = open(authorize);
        Landing forgot = open(URI.create(login.page().select("a[href*=reset-credentials]").attr("abs:href")));
        submit(forgot, "#kc-reset-password-form", Map.of("username", username));
        return open(new Mailbox(sandpit).latestActionLinkTo(username));
    }

    public Landing enterSmsCode(Landing codePage, String code) {
        return submit(codePage, SMS_CODE_FORM, Map.of("code", code));
    }

    public Landing askForANewCode(Landing codePage) {
        return submit(codePage, SMS_RESEND_FORM, Map.of());
    }

    /** Submits the form {@code selector} on the page with its current values, changed by {@code fields}. */
    public Landing submit(Landing landing, String selector, Map<String, String> fields) {
        return submit(landing, selector, fields, null);
    }

    /** Posts exactly {@code fields} to the action of form {@code selector}, as a forged request would. */
    public Landing post(Landing landing, String selector, Map<String, String> fields) {
        Element form = landing.page().selectFirst(selector);
        assertThat(form).as("form %s on %s", selector, landing.uri()).isNotNull();
        URI action = landing.uri().resolve(form.attr("action"));
        return follow(action, http.postForm(action, fields));
    }

    /**
     * The same, sent straight to one cluster node ({@code node}'s port on {@code localhost}, where the browser's
     * cookies for the load balancer's {@code localhost} apply too) rather than wherever the load balancer sends it.
     */
    public Landing submitTo(URI node, Landing landing, String selector, Map<String, String> fields) {
        return submit(landing, selector, fields, node);
    }

    private Landing submit(Landing landing, String selector, Map<String, String> fields, URI node) {
        Element form = landing.page().selectFirst(selector);
        assertThat(form).as("form %s on %s", selector, landing.uri()).isNotNull();
        Map<String, String> values = new LinkedHashMap<>();
        for (Element input : form.select("input[name], select[name], textarea[name]")) {
            String type = input.attr("type");
            // As a browser: disabled fields (Keycloak's read-only attributes) and unticked boxes and radios are not sent.
            boolean tickable = type.equals("checkbox") || type.equals("radio");
            if (input.hasAttr("disabled") || type.equals("submit") || type.equals("button") || (tickable && !input.hasAttr("checked"))) {
                continue;
            }
            values.put(input.attr("name"), input.tagName().equals("select")
                    ? input.select("option[selected]").val() : input.val());
        }
        values.putAll(fields);
        URI action = landing.uri().resolve(form.attr("action"));
        if (node != null) {
            action = URI.create("http://localhost:" + node.getPort() + action.getRawPath()
                    + (action.getRawQuery() == null ? "" : "?" + action.getRawQuery()));
        }
        return follow(action, http.postForm(action, values));
    }

    private Landing follow(URI uri, HttpResponse<String> response) {
        URI current = uri;
        HttpResponse<String> step = response;
        for (int hops = 0; hops < 20; hops++) {
            int status = step.statusCode();
            if (status < 300 || status >= 400) {
                return new Landing(current, Jsoup.parse(step.body(), current.toString()), null);
            }
            URI next = current.resolve(step.headers().firstValue("Location").orElseThrow());
            if (!sameServer(next)) {
                return new Landing(current, null, next);
            }
            current = next;
            step = http.get(next);
        }
        throw new AssertionError("More than 20 redirects from " + uri);
    }

    private boolean sameServer(URI uri) {
        return keycloak.getHost().equals(uri.getHost()) && keycloak.getPort() == uri.getPort();
    }
}
