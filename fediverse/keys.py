"""Each local actor's RSA key pair: generated the first time it is needed, then kept."""

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.db import IntegrityError, transaction

from .models import LocalKey


def local_key(username):
    """The `LocalKey` of `username`, created (2048-bit RSA, as Mastodon's) if there is none."""
    key = LocalKey.objects.filter(username=username).first()
    if key is not None:
        return key
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private_pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    public_pem = (
        private.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    try:
        with transaction.atomic():
            return LocalKey.objects.create(
                username=username, private_pem=private_pem, public_pem=public_pem
            )
    except IntegrityError:  # another worker made it first: theirs is the one
        return LocalKey.objects.get(username=username)


def private_key(username):
    pem = local_key(username).private_pem.encode()
    return serialization.load_pem_private_key(pem, password=None)
