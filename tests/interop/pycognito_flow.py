"""Drives the local pool with pycognito (the reference Python client): SRP sign-in, token
verification against the served JWKS, profile read and update, password change, sign-out.

Usage: python3 pycognito_flow.py ENDPOINT POOL_ID CLIENT_ID USERNAME PASSWORD
Prints one line per step; exits non-zero with the failing step on error.
"""
import os
import sys

os.environ.setdefault("AWS_ACCESS_KEY_ID", "local")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "local")
os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")

from pycognito import Cognito  # noqa: E402


def main() -> None:
    endpoint, pool_id, client_id, username, password = sys.argv[1:6]
    kwargs = {"endpoint_url": endpoint}
    user = Cognito(pool_id, client_id, username=username, boto3_client_kwargs=kwargs)
    user.authenticate(password=password)
    print("authenticated")
    user.verify_tokens()
    print("tokens verified")
    profile = user.get_user()
    print("get_user", profile.username)
    user.update_profile({"given_name": "Pycognito"}, attr_map={})
    assert user.get_user().given_name == "Pycognito"
    print("profile updated")
    new_password = password + "x"
    user.change_password(password, new_password)
    again = Cognito(pool_id, client_id, username=username, boto3_client_kwargs=kwargs)
    again.authenticate(password=new_password)
    again.verify_tokens()
    print("signed in with the new password")
    again.change_password(new_password, password)
    access_token = again.access_token
    again.logout()  # GlobalSignOut, then forgets the tokens locally
    print("logged out")
    try:
        again.client.get_user(AccessToken=access_token)
    except Exception as err:  # the revoked access token is refused
        print("revoked:", type(err).__name__)
    else:
        raise SystemExit("the access token still worked after logout")


if __name__ == "__main__":
    main()
