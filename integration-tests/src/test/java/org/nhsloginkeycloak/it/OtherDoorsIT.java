package org.nhsloginkeycloak.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nhsloginkeycloak.it.support.AdminApi;
import org.nhsloginkeycloak.it.support.Citizen;
import org.nhsloginkeycloak.it.support.Http;
import org.nhsloginkeycloak.it.support.Partner;
import org.nhsloginkeycloak.it.support.SandpitExtension;
import org.nhsloginkeycloak.it.support.SmsInbox;
import org.nhsloginkeycloak.it.support.TestMobiles;
import org.nhsloginkeycloak.sandpit.Sandpit;

/** Ways into a session other than the sign-in form: none of them skips the SMS code or verifies someone else's mobile. */
@ExtendWith(SandpitExtension.class)
class OtherDoorsIT {

    private Sandpit sandpit;
    private AdminApi admin;
    private String email;
    private ObjectNode originalConfig;

    @BeforeEach
    void setUp(Sandpit sandpit) {
        this.sandpit = sandpit;
        admin = new AdminApi(sandpit);
        email = "door-" + UUID.randomUUID().toString().substring(0, 8) + "@test.example";
        originalConfig = admin.smsCodeConfig();
    }

    @AfterEach
    void cleanUp() {
        AdminApi fresh = new AdminApi(sandpit);
        fresh.updateAuthenticatorConfig(originalConfig);
        if (fresh.exists(email)) {
            fresh.deleteUser(email);
        }
    }

    @Test
    void thePasswordGrantIsRefused() {
        HttpResponse<String> response = new Http().postForm(
                URI.create(sandpit.realmUrl() + "/protocol/openid-connect/token"),
                Map.of("grant_type", "password", "client_id", "admin-cli",
                        "username", "p9.citizen@sandpit.example", "password", "sandpit-password"));

        assertThat(response.statusCode()).isIn(400, 401);
        assertThat(response.body()).doesNotContain("access_token");
    }

    @Test
    void aForgottenPasswordIsResetByEmailAndStillNeedsTheSmsCode() {
        String mobile = TestMobiles.next();
        String username = admin.createCitizen("reset", mobile);
        email = username;
        Partner partner = Partner.healthInformation(sandpit);
        Partner.AuthorizationRequest request = partner.authorize("openid");
        Citizen person = new Citizen(sandpit);

        // The email link proves the inbox; the SMS code comes next, before any new password is accepted.
        Citizen.Landing codePage = person.followResetLink(request.uri(), username);
        assertThat(codePage.page().selectFirst(Citizen.SMS_CODE_FORM)).as("the SMS code page").isNotNull();
        Citizen.Landing newPassword = person.enterSmsCode(codePage, new SmsInbox(sandpit).latestCode(mobile));
        URI back = person.submit(newPassword, "#kc-passwd-update-form",
                Map.of("password-new", "a-new-long-password", "password-confirm", "a-new-long-password")).redirect();

        assertThat(partner.redeem(partner.code(request, back), request.codeVerifier()).statusCode()).isEqualTo(200);
    }

    @Test
    void switchingToAnotherNumberWhenItsCodeCannotBeSentVerifiesNeither() {
        setSendsPerWindow("1");
        admin.createUser(email, "a-long-test-password");
        String mine = TestMobiles.next();
        String victims = TestMobiles.next();
        Citizen attacker = new Citizen(sandpit);
        Citizen.Landing mobilePage = attacker.signInProvingEmail(
                Partner.healthInformation(sandpit).authorize("openid").uri(), email, "a-long-test-password");
        Citizen.Landing codePage = attacker.submit(mobilePage, "#nhs-mobile-form", Map.of("mobile", TestMobiles.typed(mine)));
        String myCode = new SmsInbox(sandpit).latestCode(mine);

        // The victim's number, posted to the same sign-in: the allowance is spent, so no code goes to it...
        Citizen.Landing refused = attacker.submit(codePage, Citizen.SMS_CODE_FORM, Map.of("mobile", TestMobiles.typed(victims)));
        assertThat(refused.page().text()).contains("You have asked for too many security codes");
        assertThat(new SmsInbox(sandpit).sentTo(victims)).isEmpty();
        // ...and the code sent to the first number does not verify the second.
        Citizen.Landing after = attacker.submit(refused, Citizen.SMS_CODE_FORM, Map.of("code", myCode));

        assertThat(after.isPage()).isTrue();
        assertThat(admin.attribute(email, "phone_number")).isNull();
        assertThat(admin.attribute(email, "phone_number_verified")).isNull();
    }

    @Test
    void oneNumberCannotBeTextedWithoutLimitByRegisteringAgainAndAgain() {
        setSendsPerWindow("2");
        String target = TestMobiles.next();
        String[] people = {email, "door-b-" + email, "door-c-" + email};
        try {
            for (int i = 0; i < people.length; i++) {
                admin.createUser(people[i], "a-long-test-password");
                Citizen someone = new Citizen(sandpit);
                Citizen.Landing mobilePage = someone.signInProvingEmail(
                        Partner.healthInformation(sandpit).authorize("openid").uri(), people[i], "a-long-test-password");
                someone.submit(mobilePage, "#nhs-mobile-form", Map.of("mobile", TestMobiles.typed(target)));
            }

            assertThat(new SmsInbox(sandpit).sentTo(target)).as("texts to one number from three accounts").hasSize(2);
        } finally {
            AdminApi fresh = new AdminApi(sandpit);
            fresh.deleteUser(people[1]);
            fresh.deleteUser(people[2]);
        }
    }

    private void setSendsPerWindow(String limit) {
        ObjectNode config = originalConfig.deepCopy();
        config.withObjectProperty("config").put("sends-per-window", limit);
        admin.updateAuthenticatorConfig(config);
    }
}
