// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {Roles} from "./Roles.sol";

/// @title Identities: who is who in vnfx.
/// @notice Every actor registers its address with one role and its secp256k1 encryption public key
/// (compressed: prefix 0x02/0x03 + x). Customers are admitted at once; providers, MEC nodes,
/// validators and further operators wait for an operator's approval. Role membership is kept in
/// OpenZeppelin AccessControl so that other contracts ask one question: hasRole(role, account).
contract Identities is AccessControl {
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
    /// Roles follow identities: grant/revoke/renounce go through register/approve/revoke only.
    error UseIdentityLifecycle();

    constructor(bytes32 operatorKeyX, uint8 operatorKeyPrefix) {
        _checkKey(operatorKeyPrefix, operatorKeyX);
        _identities[msg.sender] = Identity(operatorKeyX, operatorKeyPrefix, Role.Operator, Status.Approved, uint40(block.timestamp));
        _grantRole(DEFAULT_ADMIN_ROLE, msg.sender);
        _grantRole(Roles.OPERATOR, msg.sender);
        emit Registered(msg.sender, Role.Operator, operatorKeyPrefix, operatorKeyX);
        emit Approved(msg.sender, Role.Operator, msg.sender);
    }

    modifier onlyOperator() {
        if (!hasRole(Roles.OPERATOR, msg.sender)) revert NotOperator(msg.sender);
        _;
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
        if (open) {
            _grantRole(Roles.CUSTOMER, msg.sender);
            emit Approved(msg.sender, role, msg.sender);
        }
    }

    /// @notice Admit a pending identity. Only the deploying administrator may admit another operator.
    function approve(address account) external onlyOperator {
        Identity storage id = _identities[account];
        if (id.status != Status.Pending) revert NotPending(account, id.status);
        if (id.role == Role.Operator) _checkRole(DEFAULT_ADMIN_ROLE);
        id.status = Status.Approved;
        _grantRole(roleId(id.role), account);
        emit Approved(account, id.role, msg.sender);
    }

    /// @notice Withdraw an approved identity's role (a compromised MEC node, a misbehaving provider).
    function revoke(address account) external onlyOperator {
        Identity storage id = _identities[account];
        if (id.status != Status.Approved) revert NotApproved(account, id.status);
        if (id.role == Role.Operator) _checkRole(DEFAULT_ADMIN_ROLE);
        id.status = Status.Revoked;
        _revokeRole(roleId(id.role), account);
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

    function roleId(Role role) public pure returns (bytes32) {
        if (role == Role.Operator) return Roles.OPERATOR;
        if (role == Role.Provider) return Roles.PROVIDER;
        if (role == Role.Mec) return Roles.MEC;
        if (role == Role.Customer) return Roles.CUSTOMER;
        if (role == Role.Validator) return Roles.VALIDATOR;
        revert InvalidRole(role);
    }

    function grantRole(bytes32, address) public pure override {
        revert UseIdentityLifecycle();
    }

    function revokeRole(bytes32, address) public pure override {
        revert UseIdentityLifecycle();
    }

    function renounceRole(bytes32, address) public pure override {
        revert UseIdentityLifecycle();
    }

    function _checkKey(uint8 keyPrefix, bytes32 keyX) private pure {
        if ((keyPrefix != 2 && keyPrefix != 3) || keyX == bytes32(0)) revert InvalidKey(keyPrefix, keyX);
    }
}
