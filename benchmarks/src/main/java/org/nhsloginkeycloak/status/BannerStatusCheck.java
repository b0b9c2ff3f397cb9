package org.nhsloginkeycloak.status;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.keycloak.models.RealmModel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The status banner's check on its own, as the renderer makes it on every login page
 * ({@link BannerModel#check}): the realm's status settings read from its attributes, the node's
 * latest assessment, the operator's message parsed from its attribute, the page's map built. In this package because
 * the service status keeps its node and constructor to itself.
 *
 * <p>The realm is Keycloak's model interface answered from a map: a cached realm answers attribute reads from memory
 * too, and this one copies the whole map on every {@code getAttributes()}, so the figure is an upper bound. Its
 * attributes are those of a Keycloak 26 realm (30 of Keycloak's, the bundle's status settings) plus, in the
 * {@code busy-with-message} state, an operator's message in both languages.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class BannerStatusCheck {

    /** {@code normal}: no banner shown; {@code busy-with-message}: busy, with an operator's message (the most work). */
    @Param({"normal", "busy-with-message"})
    public String state;

    private ServiceStatus status;
    private RealmModel realm;

    @Setup
    public void setUp() {
        Instant now = Instant.now();
        Map<String, String> attributes = keycloakRealmAttributes();
        attributes.put("nhs.status.banner-enabled", "true");
        attributes.put("nhs.status.capacity-per-minute", "3000");
        Level level = Level.NORMAL;
        if (state.equals("busy-with-message")) {
            level = Level.BUSY;
            attributes.put(DefaultServiceStatus.MESSAGE_ATTRIBUTE, new OperatorMessage(
                    "NHS login is busy. You may have to wait a little longer than usual.",
                    "Mae NHS login yn brysur. Efallai y bydd rhaid i chi aros ychydig yn hirach nag arfer.",
                    OperatorMessage.Severity.WARNING, now.plus(Duration.ofDays(1)), now).toJson());
        }
        realm = realm("bench-realm-id", "nhs", attributes);
        DefaultServiceStatusFactory node = new DefaultServiceStatusFactory();
        node.remember(realm, new Assessment(level, Set.of(), List.of("sign-ins above the busy threshold"), now, null,
                new Measurements(3600, 40, List.of())));
        // No session: a page's check reads only the realm and the node's latest assessment.
        status = new DefaultServiceStatus(null, node, Clock.systemUTC());
        if (check().isEmpty()) {
            throw new IllegalStateException("The banner is off in the benchmark's realm: it would measure nothing");
        }
    }

    @Benchmark
    public Optional<Map<String, Object>> check() {
        return BannerModel.check(status, realm);
    }

    private static RealmModel realm(String id, String name, Map<String, String> attributes) {
        return (RealmModel) Proxy.newProxyInstance(RealmModel.class.getClassLoader(), new Class<?>[] {RealmModel.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getId" -> id;
                    case "getName" -> name;
                    case "getAttribute" -> args.length == 1 ? attributes.get((String) args[0]) : null;
                    case "getAttributes" -> new HashMap<>(attributes);
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "RealmModel[" + name + "]";
                    default -> throw new UnsupportedOperationException("The check does not read " + method.getName());
                });
    }

    /** The attributes a Keycloak 26.7 realm holds, as its export lists them, with typical values. */
    private static Map<String, String> keycloakRealmAttributes() {
        Map<String, String> attributes = new LinkedHashMap<>();
        String[][] pairs = {
            {"cibaBackchannelTokenDeliveryMode", "poll"}, {"cibaExpiresIn", "120"}, {"cibaInterval", "5"},
            {"cibaAuthRequestedUserHint", "login_hint"}, {"parRequestUriLifespan", "60"}, {"frontendUrl", ""},
            {"acr.loa.map", "{}"}, {"clientSessionIdleTimeout", "0"}, {"clientSessionMaxLifespan", "0"},
            {"clientOfflineSessionIdleTimeout", "0"}, {"clientOfflineSessionMaxLifespan", "0"},
            {"oauth2DeviceCodeLifespan", "600"}, {"oauth2DevicePollingInterval", "5"}, {"organizationsEnabled", "false"},
            {"adminPermissionsEnabled", "false"}, {"verifiableCredentialsEnabled", "false"},
            {"shortVerificationUri", ""}, {"actionTokenGeneratedByUserLifespan.verify-email", ""},
            {"actionTokenGeneratedByUserLifespan.reset-credentials", ""}, {"realmReusableOtpCode", "false"},
            {"displayName", "NHS login"}, {"displayNameHtml", ""}, {"defaultSignatureAlgorithm", "RS256"},
            {"bruteForceStrategy", "MULTIPLE"}, {"permanentLockout", "false"}, {"maxTemporaryLockouts", "0"},
            {"maxFailureWaitSeconds", "900"}, {"minimumQuickLoginWaitSeconds", "60"}, {"waitIncrementSeconds", "60"},
            {"quickLoginCheckMilliSeconds", "1000"},
        };
        for (String[] pair : pairs) {
            attributes.put(pair[0], pair[1]);
        }
        return attributes;
    }
}
