"""The Nextcloud stand-in seen by a client that is not ours: nc-py-api 0.30.3.

Run by scripts/independent-client.sh (Python 3.11, nc_py_api and the standard library only).
Environment: NC_URL (the stand-in, started with `--default-space`), NC_ADMIN, NC_ADMIN_PASSWORD,
NC_APP_PASSWORD (an app password of the admin, from occ user:auth-tokens:add), and optionally
NC_OAUTH_CLIENT_ID / NC_OAUTH_CLIENT_SECRET (from occ oauth2:add-client): the OAuth2 code flow
is then walked with urllib and its access token used as a Bearer token.
Prints `ok  name` or `FAIL name: reason` per check, then a summary line; exits 1 on any failure.
Everything created is named `ic-<random>-…` and removed at the end, so reruns do not collide.
"""

import http.cookiejar
import json
import os
import re
import secrets
import sys
import traceback
import urllib.error
import urllib.parse
import urllib.request
import warnings

warnings.simplefilter("ignore", DeprecationWarning)

from nc_py_api import Nextcloud, NextcloudException, NextcloudExceptionNotFound  # noqa: E402

URL = os.environ["NC_URL"].rstrip("/")
ADMIN, ADMIN_PW = os.environ["NC_ADMIN"], os.environ["NC_ADMIN_PASSWORD"]
APP_PW = os.environ.get("NC_APP_PASSWORD", "")
CLIENT_ID, CLIENT_SECRET = os.environ.get("NC_OAUTH_CLIENT_ID", ""), os.environ.get("NC_OAUTH_CLIENT_SECRET", "")

TAG = f"ic-{secrets.token_hex(3)}"
ALICE, BOB, MAILONLY, CAROL = f"{TAG}-alice", f"{TAG}-bob", f"{TAG}-mailonly", f"{TAG}-carol"
G1, G2 = f"{TAG}-g1", f"{TAG}-g2"
ALICE_PW, BOB_PW = "Alice-password-987!", "Bob-password-987!"

nc = Nextcloud(nextcloud_url=URL, nc_auth_user=ADMIN, nc_auth_pass=ADMIN_PW)
CHECKS = []


def check(fn):
    CHECKS.append(fn)
    return fn


def expect(cond, what):
    if not cond:
        raise AssertionError(what)


def raises(fn, status=None, exc=NextcloudException):
    """Calls fn, which must raise exc (with that status code when given)."""
    try:
        fn()
    except exc as e:
        expect(status is None or e.status_code == status, f"expected {status}, got {e.status_code} {e.reason}")
        return e
    raise AssertionError(f"no {exc.__name__}{f' {status}' if status else ''}")


def as_user(uid, pw):
    return Nextcloud(nextcloud_url=URL, nc_auth_user=uid, nc_auth_pass=pw)


@check
def server_version():
    v = nc.srv_version
    expect(v["major"] == 35 and v["string"].startswith("35."), v)


@check
def capabilities():
    expect({"core", "provisioning_api", "theming"} <= nc.capabilities.keys(), sorted(nc.capabilities))
    expect(nc.check_capabilities(["provisioning_api", "files.versioning"]) == [], "present ones reported missing")
    expect(nc.check_capabilities(["spreed", "app_api"]) == ["spreed", "app_api"], "missing ones not reported")


@check
def theme():
    t = nc.theme
    expect(t["name"] and t["logo"].startswith("http") and len(t["color"]) == 3, t)


@check
def users_create():
    nc.users.create(ALICE, display_name="Alice IC", password=ALICE_PW)
    nc.users.create(BOB, display_name="Bob IC", password=BOB_PW, email="bob@example.org")
    nc.users.create(MAILONLY, email="mailonly@example.org")
    raises(lambda: nc.users.create(ALICE, password=ALICE_PW), 102)


@check
def users_list():
    all_ = nc.users.get_list()
    expect(ADMIN in all_ and {ALICE, BOB, MAILONLY} <= set(all_), all_)
    mine = nc.users.get_list(mask=TAG)
    expect(sorted(mine) == sorted([ALICE, BOB, MAILONLY]), mine)
    first, second = nc.users.get_list(mask=TAG, limit=1), nc.users.get_list(mask=TAG, limit=1, offset=1)
    expect(len(first) == 1 and len(second) == 1 and first != second, (first, second))


@check
def users_get():
    a = nc.users.get_user(ALICE)
    expect((a.user_id, a.display_name, a.enabled, a.email, a.groups) == (ALICE, "Alice IC", True, "", []), a)
    expect(isinstance(a.quota, dict) and a.backend == "Database", (a.quota, a.backend))
    expect(nc.users.get_user(MAILONLY).email == "mailonly@example.org", "email-only user's email")
    me = nc.users.get_user()
    expect(me.user_id == ADMIN and nc.user == ADMIN, me.user_id)
    raises(lambda: nc.users.get_user(f"{TAG}-nobody"), exc=NextcloudExceptionNotFound)


@check
def users_editable_fields():
    f = nc.users.editable_fields()
    expect({"displayname", "email", "phone", "website"} <= set(f), f)


@check
def users_edit():
    nc.users.edit(ALICE, displayname="Alice Edited", email="alice@example.org", quota="1 GB", language="fr",
                  locale="fr_FR", phone="+33123456789", website="https://alice.example", organisation="Asso")
    a = nc.users.get_user(ALICE)
    got = (a.display_name, a.email, a.quota.get("quota"), a.language, a.locale, a.website, a.organisation)
    expect(got == ("Alice Edited", "alice@example.org", 1 << 30, "fr", "fr_FR", "https://alice.example", "Asso"), got)
    raises(lambda: nc.users.edit(ALICE, not_a_field="x"))


@check
def users_disable_enable():
    nc.users.disable(ALICE)
    expect(nc.users.get_user(ALICE).enabled is False, "still enabled")
    nc.users.enable(ALICE)
    expect(nc.users.get_user(ALICE).enabled is True, "still disabled")


@check
def groups_create_list():
    nc.users_groups.create(G1, display_name="IC group one")
    nc.users_groups.create(G2)
    raises(lambda: nc.users_groups.create(G1), 102)
    expect({G1, G2} <= set(nc.users_groups.get_list()), "groups not listed")
    expect(sorted(nc.users_groups.get_list(mask=TAG)) == [G1, G2], "mask")
    d = {g.group_id: g for g in nc.users_groups.get_details(mask=TAG)}
    expect(d[G1].display_name == "IC group one" and d[G1].user_count == 0, d)


@check
def groups_membership():
    nc.users.add_to_group(ALICE, G1)
    nc.users.add_to_group(ALICE, G2)
    expect(sorted(nc.users.get_user(ALICE).groups) == [G1, G2], "after add")
    nc.users.remove_from_group(ALICE, G2)
    expect(nc.users.get_user(ALICE).groups == [G1], "after remove")
    expect(nc.users_groups.get_members(G1) == [ALICE], nc.users_groups.get_members(G1))
    raises(lambda: nc.users.add_to_group(ALICE, f"{TAG}-nogroup"), 102)
    nc.users.remove_from_group(ALICE, G1)


@check
def groups_subadmins():
    nc.users.promote_to_subadmin(ALICE, G1)
    expect(nc.users_groups.get_subadmins(G1) == [ALICE] and nc.users.get_user(ALICE).subadmin == [G1], "promote")
    nc.users.demote_from_subadmin(ALICE, G1)
    expect(nc.users_groups.get_subadmins(G1) == [], "demote")


@check
def subadmin_session():
    # Alice is sub-admin of G1 (not a member); Bob is a member of G1.
    nc.users.add_to_group(BOB, G1)
    nc.users.promote_to_subadmin(ALICE, G1)
    sa = as_user(ALICE, ALICE_PW)
    lst = sa.users.get_list()
    expect(lst == [BOB], f"sub-admin's list: {lst}")
    expect(sa.users.get_user(BOB).enabled is True, "bob's details")
    sa.users.edit(BOB, displayname="Bob by sub-admin")
    expect(nc.users.get_user(BOB).display_name == "Bob by sub-admin", "edit not applied")
    sa.users.disable(BOB)
    expect(nc.users.get_user(BOB).enabled is False, "disable not applied")
    sa.users.enable(BOB)
    sa.users.resend_welcome_email(BOB)
    raises(lambda: sa.users.get_user(ADMIN), exc=NextcloudExceptionNotFound)


@check
def subadmin_creates_in_own_group():
    sa = as_user(ALICE, ALICE_PW)
    raises(lambda: sa.users.create(CAROL, password=BOB_PW), 106)
    raises(lambda: sa.users.create(CAROL, password=BOB_PW, groups=[G2]), 105)
    sa.users.create(CAROL, password=BOB_PW, groups=[G1])
    expect(nc.users.get_user(CAROL).groups == [G1], "carol's groups")
    sa.users.delete(CAROL)
    raises(lambda: nc.users.get_user(CAROL), exc=NextcloudExceptionNotFound)


@check
def last_login_after_password_login():
    # Bob has not logged in yet; one Basic request with his password is a login.
    expect(nc.users.get_user(BOB).last_login.timestamp() == 0, "bob logged in before logging in")
    expect(as_user(BOB, BOB_PW).user == BOB, "bob's login")
    expect(nc.users.get_user(BOB).last_login.timestamp() > 0, "lastLogin not updated by a Basic password login")


@check
def users_welcome_email():
    nc.users.resend_welcome_email(BOB)
    nc.users.edit(ALICE, email="")
    raises(lambda: nc.users.resend_welcome_email(ALICE), 101)


@check
def users_wipe():
    nc.users.wipe(BOB)


@check
def preferences_refused():
    expect(nc.preferences.available, "provisioning_api capability")
    raises(lambda: nc.preferences.set_value("dav", TAG, "v"), 400)
    raises(lambda: nc.preferences.delete("dav", TAG), 400)


@check
def groups_edit_delete():
    nc.users_groups.edit(G2, display_name="IC group two")
    expect([g.display_name for g in nc.users_groups.get_details(mask=G2)] == ["IC group two"], "edit")
    nc.users_groups.delete(G2)
    expect(G2 not in nc.users_groups.get_list(), "still listed")
    raises(lambda: nc.users_groups.delete("admin"), 102)


@check
def apps():
    all_, on, off = nc.apps.get_list(), nc.apps.get_list(enabled=True), nc.apps.get_list(enabled=False)
    # §2.7: no filter lists the apps that are not always enabled (so not `files`)
    expect("files" in on and "photos" in all_ and set(off) <= set(all_) and not set(on) & set(off), (all_, on, off))
    expect(nc.apps.is_installed("photos") and not nc.apps.is_installed(f"{TAG}-app"), "is_installed")
    was = nc.apps.is_enabled("photos")
    for enable in (not was, was):  # toggle, then back
        (nc.apps.enable if enable else nc.apps.disable)("photos")
        expect((nc.apps.is_enabled("photos"), nc.apps.is_disabled("photos")) == (enable, not enable), f"enable={enable}")


@check
def app_password_login():
    expect(APP_PW, "NC_APP_PASSWORD is empty")
    nct = as_user(ADMIN, APP_PW)
    expect(nct.user == ADMIN and ALICE in nct.users.get_list(), "app password session")


@check
def wrong_password():
    expect(as_user(ADMIN, "not-the-password").perform_login() is False, "wrong password accepted")


@check
def anonymous():
    anon = Nextcloud(nextcloud_url=URL)
    expect("core" in anon.capabilities and anon.srv_version["major"] == 35, "public capabilities")
    raises(lambda: anon.user, 401)


class _StayHome(urllib.request.HTTPRedirectHandler):
    """Follows redirects within the stand-in only (not to the OAuth client's redirect URI)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return super().redirect_request(req, fp, code, msg, headers, newurl) if newurl.startswith(URL) else None


def oauth_access_token(uid, pw):
    """authorize → login form → consent → token, as a browser and the client would."""
    web = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _StayHome)
    hidden = lambda html, n: re.search(rf'name="{n}" value="([^"]*)"', html).group(1).replace("&amp;", "&")  # noqa
    q = urllib.parse.urlencode({"response_type": "code", "client_id": CLIENT_ID, "state": TAG})
    login = web.open(f"{URL}/index.php/apps/oauth2/authorize?{q}").read().decode()
    form = {"user": uid, "password": pw, "requesttoken": hidden(login, "requesttoken"),
            "redirect_url": hidden(login, "redirect_url")}
    consent = web.open(f"{URL}/index.php/login", urllib.parse.urlencode(form).encode()).read().decode()
    form = {"requesttoken": hidden(consent, "requesttoken"), "clientIdentifier": CLIENT_ID}
    try:
        web.open(f"{URL}/index.php/login/flow", urllib.parse.urlencode(form).encode())
        raise AssertionError("the grant did not redirect to the client")
    except urllib.error.HTTPError as e:
        back = urllib.parse.parse_qs(urllib.parse.urlsplit(e.headers["Location"]).query)
    expect(back.get("state") == [TAG] and back.get("code"), back)
    form = {"grant_type": "authorization_code", "code": back["code"][0],
            "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET}
    with urllib.request.urlopen(f"{URL}/index.php/apps/oauth2/api/v1/token", urllib.parse.urlencode(form).encode()) as r:
        tok = json.load(r)
    expect(tok.get("token_type") == "Bearer" and tok.get("access_token"), tok)
    return tok["access_token"]


def bearer(token):
    ncb = Nextcloud(nextcloud_url=URL)
    ncb._session.init_adapter()
    ncb._session.adapter.auth = None
    ncb._session.adapter.headers["Authorization"] = f"Bearer {token}"
    return ncb


@check
def oauth_bearer():
    if not CLIENT_ID:
        return "skipped: no NC_OAUTH_CLIENT_ID"
    ncb = bearer(oauth_access_token(ADMIN, ADMIN_PW))
    expect(ncb.user == ADMIN and ALICE in ncb.users.get_list(), "Bearer session")
    raises(lambda: bearer("x" * 72).users.get_list(), 401)


@check
def users_delete():
    for uid in (ALICE, BOB, MAILONLY):
        nc.users.delete(uid)
    raises(lambda: nc.users.delete(ALICE), exc=NextcloudExceptionNotFound)
    nc.users_groups.delete(G1)
    expect(not nc.users.get_list(mask=TAG) and not nc.users_groups.get_list(mask=TAG), "leftovers")


def cleanup():
    """Whatever a failed check left behind."""
    for uid in nc.users.get_list(mask=TAG):
        nc.users.delete(uid)
    for gid in nc.users_groups.get_list(mask=TAG):
        nc.users_groups.delete(gid)


def main():
    passed = failed = 0
    for fn in CHECKS:
        try:
            note = fn()
            passed += 1
            print(f"ok  {fn.__name__}" + (f" ({note})" if note else ""))
        except Exception as e:  # noqa: BLE001 - any error is the check's failure
            failed += 1
            tb = traceback.extract_tb(e.__traceback__)
            line = [f.lineno for f in tb if f.filename == __file__ and f.name == fn.__name__][-1]
            print(f"FAIL {fn.__name__}: {type(e).__name__}: {' '.join(str(e).split())} (check.py:{line})")
    try:
        cleanup()
    except Exception as e:  # noqa: BLE001
        failed += 1
        print(f"FAIL cleanup: {type(e).__name__}: {e}")
    print(f"independent client (nc-py-api 0.30.3): {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
