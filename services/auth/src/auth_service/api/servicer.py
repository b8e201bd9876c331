"""gRPC servicer of the auth service: messages ⇄ domain calls, nothing else."""

from __future__ import annotations

import grpc

from auth_service.api.convert import access_msg, invitation_msg, user_msg
from auth_service.domain.service import AuthService, TokenPair
from wie.auth.v1 import auth_pb2, auth_pb2_grpc
from wie_common.context import Caller, caller_var
from wie_common.errors import PermissionDenied, Unauthenticated


def _caller() -> Caller:
    caller = caller_var.get()
    if caller is None:
        raise Unauthenticated("this call needs a signed-in caller", reason="no_caller")
    return caller


def _pair(pair: TokenPair) -> auth_pb2.TokenPair:
    return auth_pb2.TokenPair(
        access_token=pair.access_token,
        token_type="bearer",  # noqa: S106 - OAuth2 token type
        expires_in=pair.expires_in,
        refresh_token=pair.refresh_token,
    )


def _level(value: int) -> str:
    return auth_pb2.AccessLevel.Name(value) if value else ""


class AuthServicer(auth_pb2_grpc.AuthServiceServicer):
    def __init__(self, service: AuthService) -> None:
        self.svc = service

    def Register(self, request, context: grpc.ServicerContext):
        return user_msg(self.svc.register(request.username, request.password, request.invitation_code))

    def IssueToken(self, request, context):
        return _pair(self.svc.issue_token(request.username, request.password))

    def RefreshToken(self, request, context):
        return _pair(self.svc.refresh(request.refresh_token))

    def Logout(self, request, context):
        self.svc.logout(request.refresh_token)
        return auth_pb2.LogoutResponse()

    def GetMe(self, request, context):
        user, access = self.svc.me(_caller())
        return auth_pb2.Me(user=user_msg(user), warehouses=[access_msg(a) for a in access])

    def GetJwks(self, request, context):
        return auth_pb2.Jwks(json=self.svc.jwks())

    def CreateInvitation(self, request, context):
        return invitation_msg(
            self.svc.create_invitation(_caller(), request.max_uses, request.expires_in_days, request.note)
        )

    def ListInvitations(self, request, context):
        return auth_pb2.ListInvitationsResponse(
            invitations=[invitation_msg(i) for i in self.svc.list_invitations(_caller())]
        )

    def DeactivateInvitation(self, request, context):
        return invitation_msg(self.svc.deactivate_invitation(_caller(), request.code))

    def CheckInvitation(self, request, context):
        valid, reason = self.svc.check_invitation(request.code)
        return auth_pb2.CheckInvitationResponse(valid=valid, reason=reason)

    def GrantAccess(self, request, context):
        entry = self.svc.grant_access(
            _caller(), request.warehouse_id, request.username, request.user_id, _level(request.access)
        )
        return access_msg(entry)

    def RevokeAccess(self, request, context):
        self.svc.revoke_access(_caller(), request.warehouse_id, request.username, request.user_id)
        return auth_pb2.RevokeAccessResponse()

    def ForgetWarehouse(self, request, context):
        removed = self.svc.forget_warehouse(_caller(), request.warehouse_id)
        return auth_pb2.ForgetWarehouseResponse(removed=removed)

    def CheckAccess(self, request, context):
        held = self.svc.check_access(
            request.warehouse_id, request.user_id, _level(request.required) or "READ"
        )
        return auth_pb2.CheckAccessResponse(
            allowed=held is not None, access=auth_pb2.AccessLevel.Value(held) if held else 0
        )

    def ListWarehouseAccess(self, request, context):
        entries = self.svc.list_warehouse_access(_caller(), request.warehouse_id)
        return auth_pb2.ListWarehouseAccessResponse(entries=[access_msg(e) for e in entries])

    def ListUserWarehouses(self, request, context):
        caller = caller_var.get()
        user_id = request.user_id or (caller.user_id if caller else "")
        if caller is not None and caller.user_id != user_id and caller.role != "admin":
            raise PermissionDenied("a user may list only its own warehouses", reason="not_own_warehouses")
        return auth_pb2.ListUserWarehousesResponse(
            entries=[access_msg(e) for e in self.svc.list_user_warehouses(user_id)]
        )
