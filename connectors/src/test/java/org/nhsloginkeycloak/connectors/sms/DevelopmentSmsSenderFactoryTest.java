package org.nhsloginkeycloak.connectors.sms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nhsloginkeycloak.connectors.support.MapScope;

class DevelopmentSmsSenderFactoryTest {

    @Test
    void keepsTheLastMessagesNewestFirstAndNoMore() throws Exception {
        DevelopmentSmsSenderFactory factory = new DevelopmentSmsSenderFactory();
        factory.init(new MapScope(Map.of()));
        SmsSender sender = factory.create(null);

        for (int i = 0; i < DevelopmentSmsSenderFactory.KEPT + 5; i++) {
            sender.sendSecurityCode("+4477009001" + String.format("%02d", i % 100), String.format("%06d", i));
        }

        assertThat(factory.recentMessages()).hasSize(DevelopmentSmsSenderFactory.KEPT);
        assertThat(factory.recentMessages().get(0).code()).isEqualTo(String.format("%06d", DevelopmentSmsSenderFactory.KEPT + 4));
    }

    @Test
    void aKeptMessagePrintsWithoutItsCodeOrWholeNumber() throws Exception {
        DevelopmentSmsSenderFactory factory = new DevelopmentSmsSenderFactory();
        factory.init(new MapScope(Map.of()));
        factory.create(null).sendSecurityCode("+447700900123", "987654");

        assertThat(factory.recentMessages().get(0).toString()).contains("*********0123").doesNotContain("987654", "7700900");
        assertThat(factory.getOperationalInfo()).containsEntry("log-codes", "false");
    }

    @Test
    void masksAllButTheLastFourDigits() {
        assertThat(PhoneNumbers.masked("+447700900123")).isEqualTo("*********0123");
        assertThat(PhoneNumbers.masked("123")).isEqualTo("****");
        assertThat(PhoneNumbers.masked(null)).isEqualTo("****");
    }
}
