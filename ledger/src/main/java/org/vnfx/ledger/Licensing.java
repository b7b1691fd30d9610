package org.vnfx.ledger;

import java.math.BigInteger;
import java.util.HexFormat;
import org.vnfx.contracts.Licences;
import org.vnfx.ledger.suite.DeploymentRecord;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.gas.StaticGasProvider;

/**
 * The Licenses Repository (Licences.sol) as one actor sees it: providers set terms, customers buy private
 * licences and start and end network-service instances. Every call is pre-flighted: a refusal throws
 * {@link org.vnfx.ledger.tx.ContractRevertException} naming the custom error and its numbers, and nothing is sent.
 */
public final class Licensing {
    /** Licence types, in the order of Licences.Kind. */
    public enum Kind { NONE, PUBLIC, TRIAL, PRIVATE }

    private static final BigInteger UINT72_MAX = BigInteger.ONE.shiftLeft(72).subtract(BigInteger.ONE);
    private static final String ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

    /**
     * A package's licence terms as its provider sets them. A type not offered has zero fields.
     *
     * @param open         public licence: free, no instance limit
     * @param trialSeconds trial period from activation, 0: no trial
     * @param trialSlots   simultaneous instances during a trial
     * @param privatePrice wei for a private licence (may be 0: free but still acquired); ignored without private slots
     * @param privateSlots simultaneous instances per private licence, 0: no private licence
     */
    public record Terms(boolean open, long trialSeconds, int trialSlots, BigInteger privatePrice, int privateSlots) {
        public static final Terms NONE = new Terms(false, 0, 0, BigInteger.ZERO, 0);

        public Terms {
            if (trialSeconds < 0 || trialSeconds > 0xFFFF_FFFFL) throw new IllegalArgumentException("trial period out of uint32 range: " + trialSeconds);
            if (trialSlots < 0 || trialSlots > 0xFFFF) throw new IllegalArgumentException("trial slots out of uint16 range: " + trialSlots);
            if (privateSlots < 0 || privateSlots > 0xFFFF) throw new IllegalArgumentException("private slots out of uint16 range: " + privateSlots);
            if (privatePrice.signum() < 0 || privatePrice.compareTo(UINT72_MAX) > 0) {
                throw new IllegalArgumentException("private price out of uint72 range (0 .. ~4,722 ether): " + privatePrice);
            }
        }

        public boolean trial() {
            return trialSeconds > 0 || trialSlots > 0;
        }

        public boolean privateSale() {
            return privateSlots > 0;
        }

        /** The contract's bit set: 1 public, 2 trial, 4 private. */
        public int kinds() {
            return (open ? 1 : 0) | (trial() ? 2 : 0) | (privateSale() ? 4 : 0);
        }
    }

    /** Terms as stored, with the provider they were set by (the zero address when none were set). */
    public record PackageTerms(String provider, Terms terms) {
        public boolean set() {
            return !provider.equals(ZERO_ADDRESS);
        }
    }

    /**
     * One customer's licences for one package: the private licence (bought) and the trial (activated), with
     * the slots each holds. Times are block times in seconds, 0 when the licence is not held.
     */
    public record Licence(
            BigInteger paid, long acquiredAt, int privateSlots, int privateInUse,
            long trialStart, long trialExpiry, int trialSlots, int trialInUse) {
        public boolean bought() {
            return acquiredAt != 0;
        }

        public boolean trialActivated() {
            return trialStart != 0;
        }
    }

    /** An instance id unpacked: customer (160 bits) | kind (8 bits) | sequence (88 bits). */
    public record Instance(BigInteger id, String customer, Kind kind, long sequence) {
        public static Instance of(BigInteger id) {
            String customer = "0x" + String.format("%040x", id.shiftRight(96));
            int kind = id.shiftRight(88).intValue() & 0xFF;
            long sequence = id.and(BigInteger.ONE.shiftLeft(88).subtract(BigInteger.ONE)).longValueExact();
            return new Instance(id, customer, Kind.values()[kind], sequence);
        }

        /** The id as the CLI shows it: 0x and 64 hex digits (owner, kind and sequence readable). */
        public String hex() {
            return "0x" + String.format("%064x", id);
        }
    }

    private final Licences licences;
    private final Credentials who;

    public Licensing(Chain chain, DeploymentRecord record, Credentials who) {
        if (record.chainId() != chain.chainId()) {
            throw new IllegalStateException("deployment record is for chain " + record.chainId() + " but the node is chain " + chain.chainId());
        }
        this.licences = Licences.load(record.address("Licences"), chain.web3j(), chain.signer(who).knowing(record.addresses()),
                new StaticGasProvider(BigInteger.ZERO, BigInteger.ZERO));
        this.who = who;
    }

    public Licences contract() {
        return licences;
    }

    public String address() {
        return who.getAddress();
    }

    public TransactionReceipt setTerms(byte[] packageDigest, Terms t) throws Exception {
        return licences.setTerms(packageDigest, BigInteger.valueOf(t.kinds()), BigInteger.valueOf(t.trialSeconds()),
                BigInteger.valueOf(t.trialSlots()), t.privatePrice(), BigInteger.valueOf(t.privateSlots())).send();
    }

    /** Buy the private licence, paying {@code wei} (the contract wants exactly the price). */
    public TransactionReceipt buy(byte[] packageDigest, BigInteger wei) throws Exception {
        return licences.buy(packageDigest, wei).send();
    }

    /** Buy the private licence at the price the terms ask now. */
    public TransactionReceipt buy(byte[] packageDigest) throws Exception {
        return buy(packageDigest, terms(packageDigest).terms().privatePrice());
    }

    /** Start an instance; its id is in the receipt ({@link #instanceOf}). */
    public TransactionReceipt instantiate(byte[] packageDigest) throws Exception {
        return licences.instantiate(packageDigest).send();
    }

    public static Instance instanceOf(TransactionReceipt receipt) {
        var events = Licences.getInstanceStartedEvents(receipt);
        if (events.size() != 1) throw new IllegalStateException("receipt " + receipt.getTransactionHash() + " has no InstanceStarted event");
        return Instance.of(events.get(0).instanceId);
    }

    public TransactionReceipt terminate(BigInteger instanceId) throws Exception {
        return licences.terminate(instanceId).send();
    }

    /** Pay the caller (a provider) everything its licence sales earned; refused with NothingToWithdraw when that is zero. */
    public TransactionReceipt withdraw() throws Exception {
        return licences.withdraw().send();
    }

    /** Licence sales owed to {@code provider}, not yet withdrawn (session earnings are in Settlement). */
    public BigInteger earnings(String provider) throws Exception {
        return licences.earnings(provider).send();
    }

    public PackageTerms terms(byte[] packageDigest) throws Exception {
        Licences.Terms t = licences.termsOf(packageDigest).send();
        int kinds = t.kinds.intValueExact();
        return new PackageTerms(t.provider, new Terms((kinds & 1) != 0, t.trialPeriod.longValueExact(), t.trialSlots.intValueExact(),
                t.privatePrice, t.privateSlots.intValueExact()));
    }

    public Licence licence(String customer, byte[] packageDigest) throws Exception {
        Licences.Licence l = licences.licenceOf(customer, packageDigest).send();
        return new Licence(l.paid, l.acquiredAt.longValueExact(), l.privateSlots.intValueExact(), l.privateInUse.intValueExact(),
                l.trialStart.longValueExact(), l.trialExpiry.longValueExact(), l.trialSlots.intValueExact(), l.trialInUse.intValueExact());
    }

    /** The package a running instance belongs to; null when the id is not running. */
    public byte[] instancePackage(BigInteger instanceId) throws Exception {
        byte[] d = licences.instancePackage(instanceId).send();
        return HexFormat.of().formatHex(d).matches("0+") ? null : d;
    }

    public BigInteger instanceCount() throws Exception {
        return licences.instanceCount().send();
    }
}
