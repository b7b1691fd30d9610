package org.vnfx.portal.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vnfx.ledger.TestMarket.Actor;
import org.vnfx.ledger.suite.Role;
import org.vnfx.portal.PortalServer;

/**
 * No user reaches another role's actions: every action of every role's pages, asked of the portal of each other
 * role (and of a registered user awaiting approval, and of an account that never registered), answers 403 naming
 * the role it needs and the one held, and nothing is signed (no account's nonce moves).
 */
class RoleIsolationTest {
    static final String DIGEST = "ab".repeat(32);
    static final String ADDRESS = "0x" + "12".repeat(20);

    /** Each role's actions: method and path, with a body that would be valid enough to act on if the role were right. */
    static final Map<Role, List<String[]>> ACTIONS = new LinkedHashMap<>();

    static {
        ACTIONS.put(Role.PROVIDER, List.of(
                new String[] {"/api/provider/packages?functionType=ids&pricePerSecond=1", "PK"},
                new String[] {"/api/provider/offers/" + DIGEST + "/terms", "{\"public\": true}"},
                new String[] {"/api/provider/offers/" + DIGEST + "/policy", "vnfx-policy: 1\nallow: [instantiate]\n"},
                new String[] {"/api/provider/offers/" + DIGEST + "/retire", ""},
                new String[] {"/api/provider/withdraw", ""}));
        ACTIONS.put(Role.OPERATOR, List.of(
                new String[] {"/api/operator/offers/" + DIGEST + "/accept", ""},
                new String[] {"/api/operator/offers/" + DIGEST + "/reject", ""},
                new String[] {"/api/operator/identities/" + ADDRESS + "/approve", ""},
                new String[] {"/api/operator/identities/" + ADDRESS + "/revoke", ""},
                new String[] {"/api/operator/deployments/1/settle", ""},
                new String[] {"/api/operator/escrow/deposit", "{\"amountWei\": \"1\"}"},
                new String[] {"/api/operator/escrow/reclaim", "{\"amountWei\": \"1\"}"}));
        ACTIONS.put(Role.CUSTOMER, List.of(
                new String[] {"/api/customer/offers/" + DIGEST + "/buy", ""},
                new String[] {"/api/customer/offers/" + DIGEST + "/instantiate", ""},
                new String[] {"/api/customer/instances/1/terminate", ""}));
    }

    static Marketplace m;
    static final Map<String, PortalServer> PORTALS = new LinkedHashMap<>();
    static final Map<String, Actor> USERS = new LinkedHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        m = Marketplace.shared();
        USERS.put("provider", m.market().actor("isolated-provider", Role.PROVIDER));
        USERS.put("operator", m.market().operator);
        USERS.put("customer", m.market().actor("isolated-customer", Role.CUSTOMER));
        USERS.put("mec", m.market().actor("isolated-mec", Role.MEC));
        USERS.put("validator", m.market().actor("isolated-validator", Role.VALIDATOR));
        USERS.put("pending provider", m.market().registered("pending-provider", Role.PROVIDER));
        USERS.put("stranger", m.market().stranger("isolated-stranger"));
        for (Map.Entry<String, Actor> u : USERS.entrySet()) PORTALS.put(u.getKey(), m.portalOf(u.getValue()));
    }

    @AfterAll
    static void stop() {
        PORTALS.values().forEach(PortalServer::close);
    }

    @Test
    void everyRolesActionsAreRefusedToEveryOtherUserBeforeAnythingIsSigned() throws Exception {
        Map<String, BigInteger> nonces = nonces();
        List<String> leaks = new ArrayList<>();
        int refusals = 0;
        for (Map.Entry<String, Actor> u : USERS.entrySet()) {
            Actor user = u.getValue();
            boolean acting = !u.getKey().startsWith("pending") && user.role() != Role.NONE;
            for (Map.Entry<Role, List<String[]>> role : ACTIONS.entrySet()) {
                if (acting && role.getKey() == user.role()) continue; // its own actions: tested by its page's tests
                for (String[] action : role.getValue()) {
                    HttpResponse<String> r = CatalogueApiTest.HTTP.send(HttpRequest.newBuilder(PORTALS.get(u.getKey()).url().resolve(action[0]))
                            .POST(HttpRequest.BodyPublishers.ofString(action[1])).build(), HttpResponse.BodyHandlers.ofString());
                    JsonNode p = r.statusCode() == 403 ? CatalogueApiTest.problem(r, 403) : null;
                    if (p == null || !p.path("requiredRole").asText().equals(role.getKey().label())
                            || !p.path("heldRole").asText().equals(user.role().label())) {
                        leaks.add(u.getKey() + " POST " + action[0] + " -> " + r.statusCode() + " " + r.body());
                    } else {
                        refusals++;
                    }
                }
            }
        }
        assertEquals(List.of(), leaks, "actions another role could reach");
        assertEquals(nonces, nonces(), "nothing was signed");
        assertTrue(refusals >= USERS.size() * 5, "every user was refused something: " + refusals);
    }

    private static Map<String, BigInteger> nonces() throws Exception {
        Map<String, BigInteger> n = new LinkedHashMap<>();
        for (Map.Entry<String, Actor> u : USERS.entrySet()) n.put(u.getKey(), m.market().nonce(u.getValue().address()));
        return n;
    }
}
