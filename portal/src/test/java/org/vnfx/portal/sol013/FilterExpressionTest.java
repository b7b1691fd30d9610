package org.vnfx.portal.sol013;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** SOL013 attribute-based filters: syntax, quoting, arrays, numbers, and errors that say where. */
class FilterExpressionTest {
    static final Set<String> ATTRIBUTES = Set.of("vnfProductName", "vnfProvider", "onboardingState", "reputation",
            "softwareImages/containerFormat", "softwareImages/name", "userDefinedData/region");
    static final ObjectMapper JSON = new ObjectMapper();

    JsonNode pkg(String product, double reputation, String... formats) throws Exception {
        var n = JSON.createObjectNode().put("vnfProductName", product).put("vnfProvider", "vnfx examples").put("onboardingState", "ONBOARDED")
                .put("reputation", reputation);
        var images = n.putArray("softwareImages");
        for (String f : formats) images.addObject().put("containerFormat", f).put("name", "img-" + f);
        return n;
    }

    boolean matches(String filter, JsonNode n) {
        return FilterExpression.parse(filter, ATTRIBUTES).matches(n);
    }

    @Test
    void termsAreAndedAndEachOperatorDoesWhatSol013Says() throws Exception {
        JsonNode ids = pkg("suricata-ids", 0.83, "bare", "docker");
        assertTrue(matches("(eq,vnfProductName,suricata-ids)", ids));
        assertFalse(matches("(neq,vnfProductName,suricata-ids)", ids));
        assertTrue(matches("(in,vnfProductName,echo,suricata-ids)", ids));
        assertFalse(matches("(nin,vnfProductName,echo,suricata-ids)", ids));
        assertTrue(matches("(cont,vnfProductName,ids)", ids));
        assertTrue(matches("(ncont,vnfProductName,echo,lite)", ids));
        assertTrue(matches("(gte,reputation,0.83);(lt,reputation,0.9)", ids));
        assertFalse(matches("(gt,reputation,0.83)", ids));
        assertTrue(matches("(gt,reputation,0.5);(eq,onboardingState,ONBOARDED)", ids));
        assertFalse(matches("(gt,reputation,0.5);(eq,onboardingState,CREATED)", ids), "every term must hold");
        assertTrue(matches("(lte,reputation,10)", ids), "numbers compare as numbers, not as text");
    }

    @Test
    void aPathThroughAnArrayHoldsWhenOneElementDoesAndItsNegationWhenNoneDoes() throws Exception {
        JsonNode ids = pkg("suricata-ids", 0.5, "bare", "docker");
        assertTrue(matches("(eq,softwareImages/containerFormat,docker)", ids));
        assertFalse(matches("(neq,softwareImages/containerFormat,docker)", ids), "one image is docker");
        assertTrue(matches("(neq,softwareImages/containerFormat,ova)", ids));
        assertFalse(matches("(eq,userDefinedData/region,eu)", ids), "a missing attribute matches nothing positive");
        assertTrue(matches("(neq,userDefinedData/region,eu)", ids));
    }

    @Test
    void quotedValuesCarryCommasParenthesesAndQuotes() throws Exception {
        JsonNode odd = pkg("ids, (beta) 'edge'", 0.5);
        assertTrue(matches("(eq,vnfProductName,'ids, (beta) ''edge''')", odd));
        var f = FilterExpression.parse("(in,vnfProductName,'a,b',c)", ATTRIBUTES);
        assertEquals(List.of("a,b", "c"), f.terms().get(0).values());
    }

    @Test
    void errorsNameThePositionAndWhatWasExpected() {
        assertEquals("filter, at character 2: unknown operator 'like' (eq, neq, gt, lt, gte, lte, in, nin, cont, ncont) in \"(like,vnfProductName,x)\"",
                assertThrows(IllegalArgumentException.class, () -> FilterExpression.parse("(like,vnfProductName,x)", ATTRIBUTES)).getMessage());
        assertEquals("filter, at character 5: 'vnfProduct' is not an attribute that can be filtered on in \"(eq,vnfProduct,x)\"",
                assertThrows(IllegalArgumentException.class, () -> FilterExpression.parse("(eq,vnfProduct,x)", ATTRIBUTES)).getMessage());
        assertEquals("filter, at character 2: 'eq' takes one value, found 2 in \"(eq,vnfProductName,a,b)\"",
                assertThrows(IllegalArgumentException.class, () -> FilterExpression.parse("(eq,vnfProductName,a,b)", ATTRIBUTES)).getMessage());
        assertEquals("filter, at character 21: expected ')' in \"(eq,vnfProductName,a\"",
                assertThrows(IllegalArgumentException.class, () -> FilterExpression.parse("(eq,vnfProductName,a", ATTRIBUTES)).getMessage());
        assertEquals("filter, at character 22: expected ';' in \"(eq,vnfProductName,a)(eq,vnfProvider,b)\"",
                assertThrows(IllegalArgumentException.class, () -> FilterExpression.parse("(eq,vnfProductName,a)(eq,vnfProvider,b)", ATTRIBUTES)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> FilterExpression.parse("(EQ,vnfProductName,a)", ATTRIBUTES));
        assertThrows(IllegalArgumentException.class, () -> FilterExpression.parse("(eq,vnfProductName,'open", ATTRIBUTES));
        assertThrows(IllegalArgumentException.class, () -> FilterExpression.parse("(gt,reputation,)", ATTRIBUTES));
    }
}
