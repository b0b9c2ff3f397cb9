package org.nhsloginkeycloak.campaigns;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;
import org.nhsloginkeycloak.core.ClientAttributes;
import org.nhsloginkeycloak.core.InvalidVectorOfTrustException;
import org.nhsloginkeycloak.core.ProofingLevel;
import org.nhsloginkeycloak.core.VectorsOfTrust;

/**
 * A partner's service as a campaign email names it, from the partner client's attributes, so the realm (not a
 * redeploy) decides what citizens are told. A client is a service when it has {@value #NAME} and {@value #URL}; the
 * level it needs is the lowest of its registered vectors ({@code nhs.vtr}, NHS login's P9 default without one).
 */
public record PartnerService(String name, String welshName, String description, String welshDescription, String url,
        ProofingLevel level) {

    public static final String NAME = "nhs.service.name";
    public static final String WELSH_NAME = "nhs.service.name.cy";
    public static final String DESCRIPTION = "nhs.service.description";
    public static final String WELSH_DESCRIPTION = "nhs.service.description.cy";
    public static final String URL = "nhs.service.url";

    /** The realm's enabled services a citizen can use at {@code level}, by English name. */
    static List<PartnerService> usableAt(RealmModel realm, ProofingLevel level) {
        return usableAt(realm.getClientsStream().filter(ClientModel::isEnabled).map(PartnerService::of)
                .flatMap(Optional::stream), level);
    }

    static List<PartnerService> usableAt(Stream<PartnerService> services, ProofingLevel level) {
        return services.filter(service -> service.level().compareTo(level) <= 0)
                .sorted(Comparator.comparing(PartnerService::name, String.CASE_INSENSITIVE_ORDER)).toList();
    }

    static Optional<PartnerService> of(ClientModel client) {
        String name = blankToNull(client.getAttribute(NAME));
        String url = blankToNull(client.getAttribute(URL));
        if (name == null || url == null) {
            return Optional.empty();
        }
        String registered = client.getAttribute(ClientAttributes.REGISTERED_VTR);
        ProofingLevel level;
        try {
            level = (registered == null ? VectorsOfTrust.NHS_LOGIN_DEFAULT : VectorsOfTrust.parseJson(registered))
                    .lowestLevel();
        } catch (InvalidVectorOfTrustException e) {
            // The client cannot be signed in to either: vot refuses it. Not a service to invite anyone to.
            return Optional.empty();
        }
        return Optional.of(new PartnerService(name, blankToNull(client.getAttribute(WELSH_NAME)),
                blankToNull(client.getAttribute(DESCRIPTION)), blankToNull(client.getAttribute(WELSH_DESCRIPTION)), url,
                level));
    }

    /**
     * The services as a GOV.UK Notify markdown list, one {@code * name: description (url)} line each, in
     * {@code language} ({@code cy} falls back to English where no Welsh is given).
     */
    static String bulletList(List<PartnerService> services, String language) {
        StringBuilder list = new StringBuilder();
        for (PartnerService service : services) {
            String name = service.name(language);
            String description = service.description(language);
            list.append(list.isEmpty() ? "" : "\n").append("* ").append(name)
                    .append(description == null ? "" : ": " + description).append(" (").append(service.url()).append(')');
        }
        return list.toString();
    }

    /** Its name in {@code language} ({@code cy} falls back to English where no Welsh is given). */
    String name(String language) {
        return "cy".equals(language) && welshName != null ? welshName : name;
    }

    /** Its description in {@code language}, or null when it has none. */
    String description(String language) {
        return "cy".equals(language) && welshDescription != null ? welshDescription : description;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
