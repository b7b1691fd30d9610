// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IRoleOracle, RoleGated} from "./Roles.sol";
import {Offers} from "./Offers.sol";

/// @title Policies: a provider's data-usage policy for a package, in the spirit of SecKit usage control.
/// @notice The provider of an offer attaches one policy to its package: which actions are allowed
/// (instantiate, redistribute, modify), for which customers and regions, how many instances at a time and
/// until when. The contracts that act on a package ask here first and revert with the rule that refuses,
/// so a non-compliant transaction records nothing. A package without a policy allows every action.
/// Actions: INSTANTIATE a network service from the package (Licences), REDISTRIBUTE it to a customer
/// (a licence sale) or to a MEC node (a grant), MODIFY it (declare a package derived from it).
/// Regions are short ASCII names the operator assigns to accounts (customers and MEC nodes).
/// A policy is attached once and never changed: licences bought under it stay valid under it.
contract Policies is RoleGated {
    uint8 public constant INSTANTIATE = 1;
    uint8 public constant REDISTRIBUTE = 2;
    uint8 public constant MODIFY = 4;
    uint8 private constant ACTIONS = INSTANTIATE | REDISTRIBUTE | MODIFY;
    /// Set in every stored policy so that "no action allowed" is told apart from "no policy".
    uint8 private constant ATTACHED = 0x80;
    /// Bound on the customer and region lists of one policy (calldata loops stay bounded).
    uint256 public constant MAX_LIST = 64;

    struct Policy {
        uint8 actions;          // INSTANTIATE | REDISTRIBUTE | MODIFY, with ATTACHED
        bool customersListed;   // only the listed customers
        bool regionsListed;     // only accounts in the listed regions
        uint16 maxInstances;    // simultaneous network-service instances of the package; 0 = no limit
        uint40 notAfter;        // unix seconds, inclusive; 0 = no end
    }

    Offers public immutable offers;

    mapping(bytes32 packageDigest => Policy) private _policies;
    mapping(bytes32 packageDigest => mapping(address customer => bool)) private _customers;
    mapping(bytes32 packageDigest => mapping(bytes32 region => bool)) private _regions;
    mapping(address account => bytes32 region) public regionOf;
    mapping(bytes32 child => bytes32 parent) public derivedFrom;

    event PolicyAttached(
        bytes32 indexed packageDigest,
        address indexed provider,
        uint8 actions,
        uint16 maxInstances,
        uint40 notAfter,
        address[] customers,
        bytes32[] regions
    );
    event RegionAssigned(address indexed account, bytes32 indexed region, address indexed by);
    event DerivationDeclared(bytes32 indexed child, bytes32 indexed parent, address indexed provider);

    error NotOfferProvider(bytes32 packageDigest, address caller);
    error PolicyExists(bytes32 packageDigest);
    error InvalidActions(uint8 actions);
    error ListTooLong(uint256 length, uint256 max);
    error DerivationExists(bytes32 child, bytes32 parent);
    error UnknownOffer(bytes32 packageDigest);
    error ActionNotAllowed(bytes32 packageDigest, uint8 action);
    error CustomerNotAllowed(bytes32 packageDigest, address customer);
    error RegionNotAllowed(bytes32 packageDigest, address account, bytes32 region);
    error PolicyExpired(bytes32 packageDigest, uint40 notAfter, uint256 time);
    error InstanceLimit(bytes32 packageDigest, uint256 active, uint16 max);

    constructor(IRoleOracle identities_, Offers offers_) RoleGated(identities_) {
        if (address(offers_) == address(0)) revert ZeroAddress();
        offers = offers_;
    }

    /// @notice Attach the package's policy; only its offer's provider, once.
    function attach(
        bytes32 packageDigest,
        uint8 actions,
        uint16 maxInstances,
        uint40 notAfter,
        address[] calldata customers,
        bytes32[] calldata regions
    ) external {
        _requireOfferProvider(packageDigest);
        if (_policies[packageDigest].actions & ATTACHED != 0) revert PolicyExists(packageDigest);
        if (actions & ~ACTIONS != 0) revert InvalidActions(actions);
        if (customers.length > MAX_LIST) revert ListTooLong(customers.length, MAX_LIST);
        if (regions.length > MAX_LIST) revert ListTooLong(regions.length, MAX_LIST);
        _policies[packageDigest] = Policy(actions | ATTACHED, customers.length != 0, regions.length != 0, maxInstances, notAfter);
        for (uint256 i; i < customers.length; ++i) _customers[packageDigest][customers[i]] = true;
        for (uint256 i; i < regions.length; ++i) _regions[packageDigest][regions[i]] = true;
        emit PolicyAttached(packageDigest, msg.sender, actions, maxInstances, notAfter, customers, regions);
    }

    /// @notice The operator places an account (customer or MEC node) in a region.
    function assignRegion(address account, bytes32 region) external {
        _requireOperator();
        regionOf[account] = region;
        emit RegionAssigned(account, region, msg.sender);
    }

    /// @notice The provider of `child` declares it a modification of `parent`, as the parent's policy allows.
    function declareDerivation(bytes32 child, bytes32 parent) external {
        _requireOfferProvider(child);
        if (offers.providerOf(parent) == address(0)) revert UnknownOffer(parent);
        if (derivedFrom[child] != bytes32(0)) revert DerivationExists(child, derivedFrom[child]);
        Policy memory p = _policies[parent];
        _checkTime(parent, p);
        _checkAction(parent, p, MODIFY);
        derivedFrom[child] = parent;
        emit DerivationDeclared(child, parent, msg.sender);
    }

    /// @notice Reverts unless `customer` may start one more network-service instance of the package while
    /// `activeInstances` are running.
    function checkInstantiate(bytes32 packageDigest, address customer, uint256 activeInstances) external view {
        Policy memory p = _policies[packageDigest];
        if (p.actions & ATTACHED == 0) return;
        _checkTime(packageDigest, p);
        _checkAction(packageDigest, p, INSTANTIATE);
        _checkCustomer(packageDigest, p, customer);
        _checkRegion(packageDigest, p, customer);
        if (p.maxInstances != 0 && activeInstances >= p.maxInstances) revert InstanceLimit(packageDigest, activeInstances, p.maxInstances);
    }

    /// @notice Reverts unless the package may be passed on to `to`: a customer buying a licence, or a MEC
    /// node it is granted to (`toCustomer` false: the customer list does not apply, the region does).
    function checkRedistribute(bytes32 packageDigest, address to, bool toCustomer) external view {
        Policy memory p = _policies[packageDigest];
        if (p.actions & ATTACHED == 0) return;
        _checkTime(packageDigest, p);
        _checkAction(packageDigest, p, REDISTRIBUTE);
        if (toCustomer) _checkCustomer(packageDigest, p, to);
        _checkRegion(packageDigest, p, to);
    }

    /// @notice The package's policy; `attached` false means none (every action allowed).
    function policy(bytes32 packageDigest)
        external
        view
        returns (bool attached, uint8 actions, bool customersListed, bool regionsListed, uint16 maxInstances, uint40 notAfter)
    {
        Policy memory p = _policies[packageDigest];
        return (p.actions & ATTACHED != 0, p.actions & ACTIONS, p.customersListed, p.regionsListed, p.maxInstances, p.notAfter);
    }

    function allowsCustomer(bytes32 packageDigest, address customer) external view returns (bool) {
        return _customers[packageDigest][customer];
    }

    function allowsRegion(bytes32 packageDigest, bytes32 region) external view returns (bool) {
        return _regions[packageDigest][region];
    }

    function _requireOfferProvider(bytes32 packageDigest) private view {
        address provider = offers.providerOf(packageDigest);
        if (provider == address(0)) revert UnknownOffer(packageDigest);
        if (provider != msg.sender) revert NotOfferProvider(packageDigest, msg.sender);
    }

    function _checkTime(bytes32 packageDigest, Policy memory p) private view {
        if (p.notAfter != 0 && block.timestamp > p.notAfter) revert PolicyExpired(packageDigest, p.notAfter, block.timestamp);
    }

    function _checkAction(bytes32 packageDigest, Policy memory p, uint8 action) private pure {
        if (p.actions & ATTACHED != 0 && p.actions & action == 0) revert ActionNotAllowed(packageDigest, action);
    }

    function _checkCustomer(bytes32 packageDigest, Policy memory p, address customer) private view {
        if (p.customersListed && !_customers[packageDigest][customer]) revert CustomerNotAllowed(packageDigest, customer);
    }

    function _checkRegion(bytes32 packageDigest, Policy memory p, address account) private view {
        if (!p.regionsListed) return;
        bytes32 region = regionOf[account];
        if (!_regions[packageDigest][region]) revert RegionNotAllowed(packageDigest, account, region);
    }
}
