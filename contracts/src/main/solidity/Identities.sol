// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {Roles, IRoleOracle} from "./Roles.sol";

/// @title Identities: who is who in vnfx.
/// @notice Every actor registers its address with one role and its secp256k1 encryption public key
/// (compressed: prefix 0x02/0x03 + x). Customers are admitted at once; providers, MEC nodes,
/// validators and further operators wait for an operator's approval. Other contracts ask one question,
/// hasRole(role, account), answered from the identity itself: an account holds exactly the role it
/// registered with while it is approved. (OpenZeppelin AccessControl kept a second copy of the same
/// fact in its own mappings: 22,100 more gas per approval, about 1 KB more code, and two records that
/// had to be kept equal.) Only the deploying administrator may approve or revoke another operator.
contract Identities is IRoleOracle {
    enum Role { None, Operator, Provider, Mec, Customer, Validator }
    enum Status { None, Pending, Approved, Revoked }

    struct Identity {
        bytes32 keyX;        // x coordinate of the compressed encryption key
        uint8 keyPrefix;     // 0x02 (even y) or 0x03 (odd y)
        Role role;
        Status status;
        uint40 registeredAt; // block timestamp
    }

    mapping(address account => Identity) private _identities;
    /// The deployer: the only account that may admit or revoke operators.
    address public immutable admin;

    event Registered(address indexed account, Role indexed role, uint8 keyPrefix, bytes32 keyX);
    event Approved(address indexed account, Role indexed role, address indexed by);
    event Revoked(address indexed account, Role indexed role, address indexed by);
    event KeyRotated(address indexed account, uint8 keyPrefix, bytes32 keyX);

    error AlreadyRegistered(address account);
    error NotRegistered(address account);
    error InvalidRole(Role role);
    error InvalidKey(uint8 keyPrefix, bytes32 keyX);
    error NotPending(address account, Status status);
    error NotApproved(address account, Status status);
    error NotOperator(address caller);
    error NotAdmin(address caller);

    constructor(bytes32 operatorKeyX, uint8 operatorKeyPrefix) {
        _checkKey(operatorKeyPrefix, operatorKeyX);
        _identities[msg.sender] = Identity(operatorKeyX, operatorKeyPrefix, Role.Operator, Status.Approved, uint40(block.timestamp));
        admin = msg.sender;
        emit Registered(msg.sender, Role.Operator, operatorKeyPrefix, operatorKeyX);
        emit Approved(msg.sender, Role.Operator, msg.sender);
    }

    /// @notice True while `account` is approved with `role` (a Roles constant).
    function hasRole(bytes32 role, address account) public view returns (bool) {
        Identity storage id = _identities[account];
        return id.status == Status.Approved && _roleId(id.role) == role;
    }

    /// @notice Register the caller. Customers are approved at once, every other role waits for an operator.
    function register(Role role, bytes32 keyX, uint8 keyPrefix) external {
        if (role == Role.None) revert InvalidRole(role);
        _checkKey(keyPrefix, keyX);
        Identity storage id = _identities[msg.sender];
        if (id.status != Status.None) revert AlreadyRegistered(msg.sender);
        bool open = role == Role.Customer;
        _identities[msg.sender] = Identity(keyX, keyPrefix, role, open ? Status.Approved : Status.Pending, uint40(block.timestamp));
        emit Registered(msg.sender, role, keyPrefix, keyX);
        if (open) emit Approved(msg.sender, role, msg.sender);
    }

    /// @notice Admit a pending identity. Only the deploying administrator may admit another operator.
    function approve(address account) external {
        Identity storage id = _managed(account);
        if (id.status != Status.Pending) revert NotPending(account, id.status);
        id.status = Status.Approved;
        emit Approved(account, id.role, msg.sender);
    }

    /// @notice Withdraw an approved identity's role (a compromised MEC node, a misbehaving provider).
    function revoke(address account) external {
        Identity storage id = _managed(account);
        if (id.status != Status.Approved) revert NotApproved(account, id.status);
        id.status = Status.Revoked;
        emit Revoked(account, id.role, msg.sender);
    }

    /// @notice Replace the caller's encryption key (key rotation); envelopes made later use the new key.
    function rotateKey(bytes32 keyX, uint8 keyPrefix) external {
        _checkKey(keyPrefix, keyX);
        Identity storage id = _identities[msg.sender];
        if (id.status == Status.None) revert NotRegistered(msg.sender);
        id.keyX = keyX;
        id.keyPrefix = keyPrefix;
        emit KeyRotated(msg.sender, keyPrefix, keyX);
    }

    function identityOf(address account) external view returns (Identity memory) {
        return _identities[account];
    }

    /// An operator acting on `account`; only the administrator acts on another operator.
    function _managed(address account) private view returns (Identity storage id) {
        if (!hasRole(Roles.OPERATOR, msg.sender)) revert NotOperator(msg.sender);
        id = _identities[account];
        if (id.role == Role.Operator && msg.sender != admin) revert NotAdmin(msg.sender);
    }

    function _roleId(Role role) private pure returns (bytes32) {
        if (role == Role.Operator) return Roles.OPERATOR;
        if (role == Role.Provider) return Roles.PROVIDER;
        if (role == Role.Mec) return Roles.MEC;
        if (role == Role.Customer) return Roles.CUSTOMER;
        if (role == Role.Validator) return Roles.VALIDATOR;
        return bytes32(0); // Role.None: an unregistered account holds no role
    }

    function _checkKey(uint8 keyPrefix, bytes32 keyX) private pure {
        if ((keyPrefix != 2 && keyPrefix != 3) || keyX == bytes32(0)) revert InvalidKey(keyPrefix, keyX);
    }
}
