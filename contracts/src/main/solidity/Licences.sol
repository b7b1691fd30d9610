// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IRoleOracle, RoleGated, Roles} from "./Roles.sol";
import {Offers} from "./Offers.sol";
import {Policies} from "./Policies.sol";

/// @notice The head of Offers.offer(bytes32): a static struct is returned inline, so declaring only its first
/// four fields reads them without decoding (or deploying code for) the other eight. It must follow the order
/// of Offers.Offer; LicencesScenarioTest fails (NotOfferProvider, OfferClosed) if that order changes.
interface IOfferHead {
    function offer(bytes32 packageDigest)
        external
        view
        returns (bytes32 contentDigest, bytes32 functionType, address provider, Offers.Status status);
}

/// @title Licences: the Licenses Repository of the service-based model.
/// @notice A licence links a customer, a package (its 32-byte digest, the offer's key in Offers) and the
/// network-service instances the customer may run. The offer's provider sets the terms:
///  - Public: free, no instance limit.
///  - Trial: activated silently by the customer's first instantiation; lasts the period the terms set
///    at activation, with at most that many simultaneous instances.
///  - Private: bought first (exact price, owed to the provider here until it withdraws), then at most
///    that many simultaneous instances per customer.
/// Terms changes never reach licences already held: a private licence keeps the slots it was bought
/// with, an activated trial keeps its expiry and slots. New terms apply to later purchases and
/// activations only; taking a type out of the terms stops new ones, not the ones already held.
/// Which licence an instantiation uses: a bought private licence; otherwise public when offered (free
/// and unlimited, so it never spends a trial); otherwise the trial (activated or offered). There is no
/// fallback when the chosen licence's slots are full: the refusal names the licence and the numbers.
/// Sale proceeds are pull payments kept here, as OpenZeppelin's Escrow keeps deposits: at every block
/// address(this).balance == sum of earnings (sum of LicenceAcquired.paid minus Withdrawn.amount), and a
/// provider that refuses ether cannot block a sale. Keeping them here rather than in Settlement saves
/// a value-carrying call per sale (about 18,000 gas).
contract Licences is RoleGated, ReentrancyGuardTransient {
    enum Kind { None, Public, Trial, Private }

    /// Bits of Terms.kinds.
    uint8 internal constant PUBLIC = 1;
    uint8 internal constant TRIAL = 2;
    uint8 internal constant PRIVATE = 4;

    /// Slot 0 is all `buy` reads: the payee, the price and the slots a purchase gets.
    struct Terms {
        address provider;      // the offer's provider when the terms were set (offers cannot change hands)
        uint72 privatePrice;   // wei, up to ~4,722 ether
        uint16 privateSlots;   // simultaneous instances per private licence
        uint8 kinds;           // PUBLIC | TRIAL | PRIVATE
        uint32 trialPeriod;    // seconds from activation
        uint16 trialSlots;     // simultaneous instances during a trial
    }

    /// One slot per customer and package: the private licence and the trial side by side.
    struct Licence {
        uint72 paid;           // wei paid for the private licence
        uint40 acquiredAt;     // block time of the purchase, 0: no private licence
        uint16 privateSlots;   // fixed at purchase
        uint16 privateInUse;
        uint40 trialStart;     // block time of activation, 0: trial not activated
        uint40 trialExpiry;    // trialStart + the period of the terms at activation
        uint16 trialSlots;     // fixed at activation
        uint16 trialInUse;
    }

    IOfferHead public immutable offers;
    Policies public immutable policies;

    mapping(bytes32 packageDigest => Terms) private _terms;
    mapping(address customer => mapping(bytes32 packageDigest => Licence)) private _licences;
    /// Running instances. An id is customer (160 bits) | kind (8 bits) | sequence (88 bits): it names its
    /// owner and the slot it holds, so one slot per instance (the package digest) is enough.
    mapping(uint256 instanceId => bytes32 packageDigest) public instancePackage;
    /// Running instances of a package, all customers together: what a usage policy's instance limit counts.
    mapping(bytes32 packageDigest => uint256) public activeInstances;
    uint256 public instanceCount;
    /// Licence sales owed to each provider, not yet withdrawn.
    mapping(address provider => uint256) public earnings;

    event TermsSet(
        bytes32 indexed packageDigest,
        address indexed provider,
        uint8 kinds,
        uint32 trialPeriod,
        uint16 trialSlots,
        uint72 privatePrice,
        uint16 privateSlots
    );
    event LicenceAcquired(
        bytes32 indexed packageDigest, address indexed customer, address indexed provider, uint256 paid, uint16 slots
    );
    event TrialActivated(bytes32 indexed packageDigest, address indexed customer, uint40 start, uint40 expiry, uint16 slots);
    event InstanceStarted(uint256 indexed instanceId, bytes32 indexed packageDigest, address indexed customer, Kind kind, uint16 inUse);
    event InstanceEnded(uint256 indexed instanceId, bytes32 indexed packageDigest, address indexed customer, Kind kind, uint16 inUse);
    event Withdrawn(address indexed provider, uint256 amount);

    error NotCustomer(address caller);
    error NotOfferProvider(bytes32 packageDigest, address caller);
    error OfferClosed(bytes32 packageDigest, Offers.Status status);
    error InvalidTerms(bytes32 packageDigest, uint8 kinds);
    error NotForSale(bytes32 packageDigest);
    error AlreadyLicensed(bytes32 packageDigest, address customer);
    error WrongPayment(bytes32 packageDigest, uint256 sent, uint256 price);
    error NoLicence(bytes32 packageDigest, address customer);
    error TrialExpired(bytes32 packageDigest, address customer, uint256 expiry, uint256 time);
    error SlotsFull(bytes32 packageDigest, address customer, Kind kind, uint256 inUse, uint256 slots);
    error UnknownInstance(uint256 instanceId);
    error NotInstanceOwner(uint256 instanceId, address caller);
    error NothingToWithdraw(address provider);
    error TransferFailed(address to, uint256 amount);

    constructor(IRoleOracle identities_, IOfferHead offers_, Policies policies_) RoleGated(identities_) {
        if (address(offers_) == address(0) || address(policies_) == address(0)) revert ZeroAddress();
        offers = offers_;
        policies = policies_;
    }

    function _requireCustomer() private view {
        if (!_hasRole(Roles.CUSTOMER, msg.sender)) revert NotCustomer(msg.sender);
    }

    /// @notice Set a package's licence terms: the offer's provider only, while the offer is neither
    /// rejected nor retired. The fields of a type not offered must be zero, those of a type offered
    /// non-zero (a private price may be zero: a free licence that still has to be acquired).
    function setTerms(
        bytes32 packageDigest,
        uint8 kinds,
        uint32 trialPeriod,
        uint16 trialSlots,
        uint72 privatePrice,
        uint16 privateSlots
    ) external {
        (,, address provider, Offers.Status status) = offers.offer(packageDigest);
        if (provider != msg.sender) revert NotOfferProvider(packageDigest, msg.sender);
        if (status == Offers.Status.Rejected || status == Offers.Status.Retired) revert OfferClosed(packageDigest, status);
        bool trial = kinds & TRIAL != 0;
        bool priv = kinds & PRIVATE != 0;
        if (
            kinds > (PUBLIC | TRIAL | PRIVATE)
            || trial != (trialPeriod != 0) || trial != (trialSlots != 0)
            || priv != (privateSlots != 0) || (!priv && privatePrice != 0)
        ) revert InvalidTerms(packageDigest, kinds);
        _terms[packageDigest] = Terms(msg.sender, privatePrice, privateSlots, kinds, trialPeriod, trialSlots);
        emit TermsSet(packageDigest, msg.sender, kinds, trialPeriod, trialSlots, privatePrice, privateSlots);
    }

    /// @notice Buy the private licence of a package at its exact price; the price is owed to the provider,
    /// who withdraws it. One private licence per customer and package (it does not expire).
    function buy(bytes32 packageDigest) external payable {
        _requireCustomer();
        Terms storage t = _terms[packageDigest];
        (address provider, uint72 price, uint16 slots, uint8 kinds) = (t.provider, t.privatePrice, t.privateSlots, t.kinds);
        if (kinds & PRIVATE == 0) revert NotForSale(packageDigest);
        if (msg.value != price) revert WrongPayment(packageDigest, msg.value, price);
        Licence storage l = _licences[msg.sender][packageDigest];
        if (l.acquiredAt != 0) revert AlreadyLicensed(packageDigest, msg.sender);
        // A licence sale passes the package on to this customer: the provider's usage policy decides.
        policies.checkRedistribute(packageDigest, msg.sender, true);
        l.paid = price;
        l.acquiredAt = uint40(block.timestamp);
        l.privateSlots = slots;
        if (price != 0) earnings[provider] += price;
        emit LicenceAcquired(packageDigest, msg.sender, provider, price, slots);
    }

    /// @notice Pay the caller everything its licence sales earned.
    function withdraw() external nonReentrant {
        uint256 amount = earnings[msg.sender];
        if (amount == 0) revert NothingToWithdraw(msg.sender);
        earnings[msg.sender] = 0;
        emit Withdrawn(msg.sender, amount);
        (bool ok,) = msg.sender.call{value: amount}("");
        if (!ok) revert TransferFailed(msg.sender, amount);
    }

    /// @notice Start a network-service instance of the package under the caller's licence (see the
    /// contract's notice for which one). Returns the instance id to terminate it with.
    function instantiate(bytes32 packageDigest) external returns (uint256 instanceId) {
        _requireCustomer();
        uint256 active = activeInstances[packageDigest];
        policies.checkInstantiate(packageDigest, msg.sender, active);
        activeInstances[packageDigest] = active + 1;
        Licence storage l = _licences[msg.sender][packageDigest];
        Terms storage t = _terms[packageDigest];
        Kind kind;
        uint16 inUse;
        if (l.acquiredAt != 0) {
            kind = Kind.Private;
            inUse = l.privateInUse;
            if (inUse >= l.privateSlots) revert SlotsFull(packageDigest, msg.sender, kind, inUse, l.privateSlots);
            unchecked { l.privateInUse = ++inUse; }
        } else if (t.kinds & PUBLIC != 0) {
            kind = Kind.Public;
        } else if (l.trialStart != 0 || t.kinds & TRIAL != 0) {
            kind = Kind.Trial;
            if (l.trialStart == 0) {
                uint40 start = uint40(block.timestamp);
                uint40 expiry;
                unchecked { expiry = start + t.trialPeriod; } // overflows in the year 36,812 only
                (l.trialStart, l.trialExpiry, l.trialSlots) = (start, expiry, t.trialSlots);
                emit TrialActivated(packageDigest, msg.sender, start, expiry, t.trialSlots);
            } else if (block.timestamp >= l.trialExpiry) {
                revert TrialExpired(packageDigest, msg.sender, l.trialExpiry, block.timestamp);
            }
            inUse = l.trialInUse;
            if (inUse >= l.trialSlots) revert SlotsFull(packageDigest, msg.sender, kind, inUse, l.trialSlots);
            unchecked { l.trialInUse = ++inUse; }
        } else {
            revert NoLicence(packageDigest, msg.sender);
        }
        uint256 sequence;
        unchecked { sequence = ++instanceCount; }
        instanceId = (uint256(uint160(msg.sender)) << 96) | (uint256(kind) << 88) | sequence;
        instancePackage[instanceId] = packageDigest;
        emit InstanceStarted(instanceId, packageDigest, msg.sender, kind, inUse);
    }

    /// @notice End one of the caller's instances and free its slot. Works after a trial expired, after
    /// the terms changed and after the customer's identity was revoked: freeing a slot is always allowed.
    function terminate(uint256 instanceId) external {
        if (address(uint160(instanceId >> 96)) != msg.sender) revert NotInstanceOwner(instanceId, msg.sender);
        bytes32 packageDigest = instancePackage[instanceId];
        if (packageDigest == bytes32(0)) revert UnknownInstance(instanceId);
        delete instancePackage[instanceId];
        unchecked { --activeInstances[packageDigest]; } // this instance was counted when it started
        Kind kind = Kind(uint8(instanceId >> 88));
        Licence storage l = _licences[msg.sender][packageDigest];
        uint16 inUse;
        if (kind == Kind.Private) {
            unchecked { inUse = --l.privateInUse; }
        } else if (kind == Kind.Trial) {
            unchecked { inUse = --l.trialInUse; }
        }
        emit InstanceEnded(instanceId, packageDigest, msg.sender, kind, inUse);
    }

    function termsOf(bytes32 packageDigest) external view returns (Terms memory) {
        return _terms[packageDigest];
    }

    function licenceOf(address customer, bytes32 packageDigest) external view returns (Licence memory) {
        return _licences[customer][packageDigest];
    }
}
