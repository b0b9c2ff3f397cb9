package org.nhsloginkeycloak.authenticators.codes;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DestinationTest {

    private static String key(String address) {
        return CodeExchange.Destination.email(address).key();
    }

    @Test
    void oneInboxHasOneAllowanceHoweverItsAddressIsSpelt() {
        assertThat(key("Victim+1@Example.org")).isEqualTo(key("victim@example.org")).isEqualTo("email:victim@example.org");
        assertThat(key("v.i.c.t.i.m+anything@googlemail.com")).isEqualTo(key("victim@gmail.com"));
    }

    @Test
    void differentInboxesStayApartAndTheCodeKeepsTheAddressAsGiven() {
        assertThat(key("v.ictim@example.org")).isNotEqualTo(key("victim@example.org"));
        assertThat(key("+victim@example.org")).isEqualTo("email:+victim@example.org");
        assertThat(CodeExchange.Destination.email("Victim+1@Example.org").address()).isEqualTo("victim+1@example.org");
        assertThat(CodeExchange.Destination.mobile("+447700900123").key()).isEqualTo("sms:+447700900123");
    }
}
