package org.vnfx.portal.sol013;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * An attribute-based filter of ETSI GS NFV-SOL 013 (clause 5.2), as in
 * {@code filter=(eq,vnfProductName,suricata-ids);(gte,reputation,0.5)}: simple expressions joined by
 * {@code ;} all have to hold. An attribute path uses {@code /} between names; where the path crosses an
 * array, an expression holds when it holds for at least one element (for {@code neq}, {@code nin} and
 * {@code ncont}: for none). A value holding {@code ,}, {@code )} or {@code '} is written in single
 * quotes with {@code ''} for a quote.
 */
public record FilterExpression(List<Term> terms) {
    /** The comparison operators of SOL013 table 5.2.2-1. */
    public enum Op {
        EQ, NEQ, GT, LT, GTE, LTE, IN, NIN, CONT, NCONT;

        boolean negated() {
            return this == NEQ || this == NIN || this == NCONT;
        }

        boolean multiValued() {
            return this == IN || this == NIN || this == CONT || this == NCONT;
        }
    }

    /** One simple filter expression. */
    public record Term(Op op, List<String> path, List<String> values) {
        public Term {
            path = List.copyOf(path);
            values = List.copyOf(values);
        }

        public String attribute() {
            return String.join("/", path);
        }
    }

    public FilterExpression {
        terms = List.copyOf(terms);
    }

    /** A filter that lets everything through. */
    public static final FilterExpression ALL = new FilterExpression(List.of());

    /**
     * Parses {@code text}; attributes must be among {@code attributes} (paths with '/'), so a client's
     * typo is an error rather than an empty result.
     *
     * @throws IllegalArgumentException naming the position and what was expected
     */
    public static FilterExpression parse(String text, Set<String> attributes) {
        if (text == null || text.isEmpty()) return ALL;
        List<Term> terms = new ArrayList<>();
        Parser p = new Parser(text);
        while (true) {
            terms.add(p.term(attributes));
            if (p.done()) break;
            p.expect(';');
        }
        return new FilterExpression(terms);
    }

    /** True when every term holds for {@code resource} (a JSON representation of it). */
    public boolean matches(JsonNode resource) {
        for (Term t : terms) {
            List<JsonNode> found = new ArrayList<>();
            collect(resource, t.path(), 0, found);
            boolean any = false;
            for (JsonNode v : found) {
                if (holds(t.op(), v, t.values())) {
                    any = true;
                    break;
                }
            }
            if (t.op().negated() ? any : !any) return false;
        }
        return true;
    }

    private static void collect(JsonNode node, List<String> path, int i, List<JsonNode> out) {
        if (node == null || node.isMissingNode() || node.isNull()) return;
        if (node.isArray()) {
            for (JsonNode e : node) collect(e, path, i, out);
            return;
        }
        if (i == path.size()) {
            out.add(node);
            return;
        }
        collect(node.get(path.get(i)), path, i + 1, out);
    }

    /** The positive form of the operator: negated operators are answered by "no element holds". */
    private static boolean holds(Op op, JsonNode v, List<String> values) {
        String text = v.isValueNode() ? v.asText() : v.toString();
        return switch (op) {
            case EQ, NEQ, IN, NIN -> values.stream().anyMatch(x -> compare(v, x) == 0);
            case CONT, NCONT -> values.stream().anyMatch(text::contains);
            case GT -> compare(v, values.get(0)) > 0;
            case LT -> compare(v, values.get(0)) < 0;
            case GTE -> compare(v, values.get(0)) >= 0;
            case LTE -> compare(v, values.get(0)) <= 0;
        };
    }

    /** Numbers compare as numbers (a value that is no number never equals one); everything else as text. */
    private static int compare(JsonNode v, String value) {
        if (v.isNumber()) {
            try {
                return v.decimalValue().compareTo(new BigDecimal(value));
            } catch (NumberFormatException e) {
                int c = v.asText().compareTo(value);
                return c == 0 ? 1 : c; // a number against text: ordered as text, never equal
            }
        }
        return v.asText().compareTo(value);
    }

    private static final class Parser {
        private final String s;
        private int i;

        Parser(String s) {
            this.s = s;
        }

        boolean done() {
            return i == s.length();
        }

        void expect(char c) {
            if (i >= s.length() || s.charAt(i) != c) throw error("expected '" + c + "'");
            i++;
        }

        Term term(Set<String> attributes) {
            expect('(');
            int opAt = i;
            String opText = token();
            Op op;
            try {
                op = Op.valueOf(opText.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw error(opAt, "unknown operator '" + opText + "' (eq, neq, gt, lt, gte, lte, in, nin, cont, ncont)");
            }
            if (!opText.equals(opText.toLowerCase(Locale.ROOT))) throw error(opAt, "operators are lower case: '" + opText + "'");
            expect(',');
            int attributeAt = i;
            String attribute = token();
            if (attribute.isEmpty()) throw error(attributeAt, "expected an attribute name");
            if (!attributes.contains(attribute)) throw error(attributeAt, "'" + attribute + "' is not an attribute that can be filtered on");
            List<String> values = new ArrayList<>();
            do {
                expect(',');
                values.add(value());
            } while (i < s.length() && s.charAt(i) == ',');
            expect(')');
            if (values.size() > 1 && !op.multiValued()) throw error(opAt, "'" + opText + "' takes one value, found " + values.size());
            if (op.ordinal() >= Op.GT.ordinal() && op.ordinal() <= Op.LTE.ordinal() && values.get(0).isEmpty()) throw error(opAt, "'" + opText + "' needs a value");
            return new Term(op, List.of(attribute.split("/")), values);
        }

        private String token() {
            int start = i;
            while (i < s.length() && ",();'".indexOf(s.charAt(i)) < 0) i++;
            return s.substring(start, i);
        }

        private String value() {
            if (i < s.length() && s.charAt(i) == '\'') {
                StringBuilder b = new StringBuilder();
                i++;
                while (true) {
                    if (i >= s.length()) throw error("unterminated quoted value");
                    char c = s.charAt(i++);
                    if (c != '\'') {
                        b.append(c);
                    } else if (i < s.length() && s.charAt(i) == '\'') {
                        b.append('\'');
                        i++;
                    } else {
                        return b.toString();
                    }
                }
            }
            String v = token();
            if (i < s.length() && s.charAt(i) == '\'') throw error("a value holding a quote must be quoted as a whole");
            return v;
        }

        private IllegalArgumentException error(String what) {
            return error(i, what);
        }

        private IllegalArgumentException error(int at, String what) {
            return new IllegalArgumentException("filter, at character " + (at + 1) + ": " + what + " in \"" + s + "\"");
        }
    }
}
