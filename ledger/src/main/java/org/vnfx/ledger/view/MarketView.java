package org.vnfx.ledger.view;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.vnfx.contracts.Identities;
import org.vnfx.contracts.Licences;
import org.vnfx.contracts.Offers;
import org.vnfx.contracts.Orchestration;
import org.vnfx.ledger.Attestation;
import org.vnfx.ledger.Chain;
import org.vnfx.ledger.Licensing;
import org.vnfx.ledger.Market;
import org.vnfx.ledger.Market.DeploymentStatus;
import org.vnfx.ledger.Market.IdentityStatus;
import org.vnfx.ledger.Market.OfferStatus;
import org.vnfx.ledger.suite.DeploymentRecord;
import org.vnfx.ledger.suite.FunctionType;
import org.vnfx.ledger.suite.Requirements;
import org.vnfx.ledger.suite.Role;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.datatypes.Event;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.Log;

/**
 * The marketplace as it stands at one block, for people to look at ({@code vnfx status}, the dPortal's pages): who is
 * registered, every offer with its validators' tally, the latest deployments, each MEC node's free resources, the escrow,
 * what each provider is owed, and the licences customers hold. Accounts, offers and licences are found from events since
 * the deployment block; their state is read from the contracts, so it is current however old the event.
 *
 * @param block       the chain head when the view was read
 * @param deployments the latest deployments (at most the number asked for), oldest first; {@code deploymentCount} is all of them
 */
public record MarketView(
        long block, List<Member> members, List<OfferState> offers, long deploymentCount, List<DeploymentState> deployments,
        List<MecNode> mecNodes, Money money, List<LicenceHolding> licences) {

    public record Member(String address, Role role, IdentityStatus status, long registeredAt) {}

    /** {@code digest} and {@code provider} are 0x-prefixed lower-case hex. */
    public record OfferState(String digest, String function, String provider, boolean operatorOwned, OfferStatus status,
                             BigInteger basePricePerSecond, BigInteger reputation, long sessions, Requirements needs, Attestation.Tally tally) {}

    /** {@code offer} is null before a grant (and for a refused request). */
    public record DeploymentState(BigInteger id, String mec, String function, DeploymentStatus status, String offer, BigInteger amountDue) {}

    public record MecNode(String address, IdentityStatus status, Requirements free) {}

    /** What one provider may withdraw: session payments (Settlement) and licence sales (Licences). */
    public record Earnings(String provider, BigInteger sessions, BigInteger licenceSales) {}

    /** {@code owed}: credited to providers in Settlement and not yet withdrawn. */
    public record Money(BigInteger escrow, BigInteger owed, List<Earnings> providers) {}

    public record LicenceHolding(String customer, String packageDigest, Licensing.Licence licence) {}

    public MarketView {
        members = List.copyOf(members);
        offers = List.copyOf(offers);
        deployments = List.copyOf(deployments);
        mecNodes = List.copyOf(mecNodes);
        licences = List.copyOf(licences);
    }

    /** Credentials for reads only: any key will do, nothing is signed with it. */
    static Credentials reader() {
        return Credentials.create("0x" + "01".repeat(32));
    }

    /** Reads the whole view; {@code lastDeployments} bounds the deployments listed (each is one contract read). */
    public static MarketView read(Chain chain, DeploymentRecord record, int lastDeployments) throws Exception {
        if (lastDeployments < 0) throw new IllegalArgumentException("lastDeployments must be >= 0, got " + lastDeployments);
        Credentials reader = reader();
        Market m = new Market(chain, record, reader);
        Attestation attestation = new Attestation(chain, record, reader);
        Licensing licensing = new Licensing(chain, record, reader);
        long block = chain.blockNumber();
        Scan scan = new Scan(chain, record);

        Set<String> accounts = new LinkedHashSet<>();
        accounts.add(record.operator().toLowerCase(Locale.ROOT));
        for (Log l : scan.logs("Identities", Identities.REGISTERED_EVENT)) {
            accounts.add(Identities.getRegisteredEventFromLog(l).account.toLowerCase(Locale.ROOT));
        }
        List<Member> members = new ArrayList<>();
        List<MecNode> mecNodes = new ArrayList<>();
        for (String a : accounts) {
            Identities.Identity id = m.identity(a);
            Member member = new Member(a, Role.of(id.role), IdentityStatus.of(id.status), id.registeredAt.longValueExact());
            members.add(member);
            if (member.role() == Role.MEC) mecNodes.add(new MecNode(a, member.status(), m.freeResources(a)));
        }

        Map<String, byte[]> digests = new LinkedHashMap<>();
        for (Log l : scan.logs("Offers", Offers.OFFERADVERTISED_EVENT)) {
            byte[] d = Offers.getOfferAdvertisedEventFromLog(l).packageDigest;
            digests.put(hex(d), d);
        }
        List<OfferState> offers = new ArrayList<>();
        Set<String> providers = new LinkedHashSet<>();
        for (var e : digests.entrySet()) {
            Offers.Offer o = m.offer(e.getValue());
            String provider = o.provider.toLowerCase(Locale.ROOT);
            providers.add(provider);
            offers.add(new OfferState(e.getKey(), FunctionType.fromBytes32(o.functionType), provider, o.operatorOwned,
                    OfferStatus.values()[o.status.intValueExact()], o.basePricePerSecond, o.reputation, o.sessions.longValueExact(),
                    new Requirements(o.vcpuMillis.longValueExact(), o.memoryMiB.longValueExact(), o.diskMiB.longValueExact()), attestation.tally(e.getValue())));
        }

        long count = m.suite().orchestration().deploymentCount().send().longValueExact();
        List<DeploymentState> deployments = new ArrayList<>();
        for (long id = Math.max(1, count - lastDeployments + 1); id <= count && lastDeployments > 0; id++) {
            Orchestration.Deployment d = m.deployment(BigInteger.valueOf(id));
            boolean granted = new BigInteger(1, d.offer).signum() != 0;
            deployments.add(new DeploymentState(BigInteger.valueOf(id), d.mec.toLowerCase(Locale.ROOT), FunctionType.fromBytes32(d.functionType),
                    Market.status(d), granted ? hex(d.offer) : null, d.amountDue));
        }

        List<Earnings> earnings = new ArrayList<>();
        for (String p : providers) earnings.add(new Earnings(p, m.balanceOf(p), licensing.earnings(p)));
        Money money = new Money(m.escrow(), m.owed(), earnings);

        // A customer holds a licence of a package once it bought one or activated a trial.
        Map<String, byte[]> holdings = new LinkedHashMap<>();
        for (Log l : scan.logs("Licences", Licences.LICENCEACQUIRED_EVENT)) {
            var e = Licences.getLicenceAcquiredEventFromLog(l);
            holdings.put(e.customer.toLowerCase(Locale.ROOT) + " " + hex(e.packageDigest), e.packageDigest);
        }
        for (Log l : scan.logs("Licences", Licences.TRIALACTIVATED_EVENT)) {
            var e = Licences.getTrialActivatedEventFromLog(l);
            holdings.put(e.customer.toLowerCase(Locale.ROOT) + " " + hex(e.packageDigest), e.packageDigest);
        }
        List<LicenceHolding> licences = new ArrayList<>();
        for (var e : holdings.entrySet()) {
            String customer = e.getKey().substring(0, e.getKey().indexOf(' '));
            licences.add(new LicenceHolding(customer, hex(e.getValue()), licensing.licence(customer, e.getValue())));
        }
        return new MarketView(block, members, offers, count, deployments, mecNodes, money, licences);
    }

    private static String hex(byte[] b) {
        return "0x" + HexFormat.of().formatHex(b);
    }

    /** eth_getLogs of one event of one suite contract, from the deployment block to the latest. */
    private record Scan(Chain chain, DeploymentRecord record) {
        List<Log> logs(String contract, Event event) throws IOException {
            EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(record.blockNumber())),
                    DefaultBlockParameterName.LATEST, record.address(contract));
            filter.addSingleTopic(EventEncoder.encode(event));
            try {
                return chain.logs(filter);
            } catch (IOException e) {
                throw new IOException(contract + "." + event.getName() + ": " + e.getMessage(), e);
            }
        }
    }
}
