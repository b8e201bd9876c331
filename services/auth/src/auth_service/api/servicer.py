"""gRPC servicer of the auth service: messages ⇄ domain calls, nothing else."""

from __future__ import annotations

import grpc

from auth_service.api.convert import access_msg, invitation_msg, user_msg
from auth_service.domain.accounts import Accounts
from auth_service.domain.invitations import Invitations
from auth_service.domain.keyring import Keyring
from auth_service.domain.sessions import Sessions, TokenPair
from auth_service.domain.warehouse_access import WarehouseAccess
from wie.auth.v1 import auth_pb2, auth_pb2_grpc
from wie_common.access import require_caller


def _pair(pair: TokenPair) -> auth_pb2.TokenPair:
    return auth_pb2.TokenPair(
        access_token=pair.access_token,
        token_type="bearer",  # noqa: S106 - OAuth2 token type
        expires_in=pair.expires_in,
        refresh_token=pair.refresh_token,
    )


def _level(value: auth_pb2.AccessLevel.ValueType) -> str:
    return auth_pb2.AccessLevel.Name(value) if value else ""


class AuthServicer(auth_pb2_grpc.AuthServiceServicer):
    def __init__(
        self,
        *,
        accounts: Accounts,
        sessions: Sessions,
        invitations: Invitations,
        access: WarehouseAccess,
        keyring: Keyring,
    ) -> None:
        self.accounts = accounts
        self.sessions = sessions
        self.invitations = invitations
        self.access = access
        self.keyring = keyring

    def Register(self, request, context: grpc.ServicerContext):
        return user_msg(
            self.accounts.register(
                request.username, request.password, request.invitation_code, request.client_address
            )
        )

    def IssueToken(self, request, context):
        return _pair(self.sessions.issue_token(request.username, request.password, request.client_address))

    def RefreshToken(self, request, context):
        return _pair(self.sessions.refresh(request.refresh_token))

    def Logout(self, request, context):
        self.sessions.logout(request.refresh_token)
        return auth_pb2.LogoutResponse()

    def GetMe(self, request, context):
        user, access = self.accounts.me(require_caller())
        return auth_pb2.Me(user=user_msg(user), warehouses=[access_msg(a) for a in access])

    def GetJwks(self, request, context):
        return auth_pb2.Jwks(json=self.keyring.jwks())

    def CreateInvitation(self, request, context):
        return invitation_msg(
            self.invitations.create_invitation(
                require_caller(), request.max_uses, request.expires_in_days, request.note
            )
        )

    def ListInvitations(self, request, context):
        return auth_pb2.ListInvitationsResponse(
            invitations=[invitation_msg(i) for i in self.invitations.list_invitations(require_caller())]
        )

    def DeactivateInvitation(self, request, context):
        return invitation_msg(self.invitations.deactivate_invitation(require_caller(), request.code))

    def CheckInvitation(self, request, context):
        valid, reason = self.invitations.check_invitation(request.code)
        return auth_pb2.CheckInvitationResponse(valid=valid, reason=reason)

    def GrantAccess(self, request, context):
        entry = self.access.grant_access(
            require_caller(), request.warehouse_id, request.username, request.user_id, _level(request.access)
        )
        return access_msg(entry)

    def RevokeAccess(self, request, context):
        self.access.revoke_access(require_caller(), request.warehouse_id, request.username, request.user_id)
        return auth_pb2.RevokeAccessResponse()

    def ForgetWarehouse(self, request, context):
        removed = self.access.forget_warehouse(require_caller(), request.warehouse_id)
        return auth_pb2.ForgetWarehouseResponse(removed=removed)

    def CheckAccess(self, request, context):
        held = self.access.check_access(
            request.warehouse_id, request.user_id, _level(request.required) or "READ"
        )
        return auth_pb2.CheckAccessResponse(
            allowed=held is not None,
            access=auth_pb2.AccessLevel.Value(held) if held else auth_pb2.ACCESS_LEVEL_UNSPECIFIED,
        )

    def ListWarehouseAccess(self, request, context):
        entries = self.access.list_warehouse_access(require_caller(), request.warehouse_id)
        return auth_pb2.ListWarehouseAccessResponse(entries=[access_msg(e) for e in entries])

    def ListUserWarehouses(self, request, context):
        entries = self.access.list_user_warehouses(require_caller(), request.user_id)
        return auth_pb2.ListUserWarehousesResponse(entries=[access_msg(e) for e in entries])
