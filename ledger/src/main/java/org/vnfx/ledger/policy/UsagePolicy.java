package org.vnfx.ledger.policy;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.vnfx.ledger.suite.ShortName;

/**
 * A provider's data-usage policy for one package, as the Policies contract holds it (see {@code Policies.sol}).
 * Empty lists and zero mean "no restriction": any customer, any region, no instance limit; a null {@code until}
 * means no end.
 *
 * @param allowed      the actions allowed
 * @param customers    only these customer accounts (0x-prefixed, lowercase), or empty for any customer
 * @param regions      only accounts the operator placed in these regions, or empty for any region
 * @param maxInstances at most this many network-service instances of the package at a time (0: no limit)
 * @param until        the last moment any action is allowed (whole seconds), or null
 */
public record UsagePolicy(Set<Action> allowed, List<String> customers, List<String> regions, int maxInstances, Instant until) {
    /** The Policies contract's bound on each list. */
    public static final int MAX_LIST = 64;
    public static final int MAX_INSTANCES = 0xFFFF;
    /** The contract keeps the end in 40 bits of unix seconds. */
    public static final long MAX_UNTIL_SECONDS = (1L << 40) - 1;

    public UsagePolicy {
        allowed = allowed.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(allowed));
        customers = List.copyOf(customers);
        regions = List.copyOf(regions);
        if (customers.size() > MAX_LIST) throw new IllegalArgumentException("at most " + MAX_LIST + " customers, got " + customers.size());
        if (regions.size() > MAX_LIST) throw new IllegalArgumentException("at most " + MAX_LIST + " regions, got " + regions.size());
        for (String c : customers) {
            if (!c.matches("0x[0-9a-f]{40}")) throw new IllegalArgumentException("customer '" + c + "' must be a 0x-prefixed lowercase account");
        }
        for (String r : regions) ShortName.toBytes32("region", r);
        if (maxInstances < 0 || maxInstances > MAX_INSTANCES) {
            throw new IllegalArgumentException("maxInstances must be in 0.." + MAX_INSTANCES + ", got " + maxInstances);
        }
        if (until != null && (until.getNano() != 0 || until.getEpochSecond() <= 0 || until.getEpochSecond() > MAX_UNTIL_SECONDS)) {
            throw new IllegalArgumentException("until must be whole seconds between 1970 and 36812, got " + until);
        }
    }

    /** The contract's action bits. */
    public int actionBits() {
        int bits = 0;
        for (Action a : allowed) bits |= a.bit;
        return bits;
    }

    public static Set<Action> actions(int bits) {
        EnumSet<Action> set = EnumSet.noneOf(Action.class);
        for (Action a : Action.values()) if ((bits & a.bit) != 0) set.add(a);
        return set;
    }

    public boolean allows(Action a) {
        return allowed.contains(a);
    }

    /** The policy in plain words, one sentence a line, for people deciding whether to buy or run the package. */
    public List<String> inWords() {
        List<String> lines = new ArrayList<>();
        lines.add(allowed(Action.INSTANTIATE, "Customers may run network services from this package.",
                "Nobody may run network services from this package."));
        lines.add(allowed(Action.REDISTRIBUTE, "It may be passed on: licences sold to customers, the package sent to MEC nodes.",
                "It may not be passed on: no licence sales, no MEC node receives it."));
        lines.add(allowed(Action.MODIFY, "Derived packages may be published from it.", "No derived package may be published from it."));
        if (!customers.isEmpty()) lines.add("Only these customers: " + String.join(", ", customers) + ".");
        if (!regions.isEmpty()) lines.add("Only in the regions " + String.join(", ", regions) + " (where the operator placed the customer or MEC node).");
        if (maxInstances > 0) lines.add("At most " + maxInstances + " instance" + (maxInstances == 1 ? "" : "s") + " at a time, all customers together.");
        lines.add(until == null ? "No end date."
                : "Until " + DateTimeFormatter.ofPattern("d MMMM uuuu, HH:mm:ss 'UTC'", Locale.ENGLISH).withZone(ZoneOffset.UTC).format(until)
                        + "; nothing is allowed after that.");
        return lines;
    }

    private String allowed(Action a, String yes, String no) {
        return allows(a) ? yes : no;
    }
}
