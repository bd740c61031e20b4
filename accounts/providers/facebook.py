"""Facebook as allauth has it, plus the profile picture, which allauth's account does not read."""

from allauth.socialaccount.providers.facebook.provider import FacebookAccount, FacebookProvider


class FacebookAccountWithPicture(FacebookAccount):
    def get_avatar_url(self):
        picture = (self.account.extra_data.get("picture") or {}).get("data") or {}
        if picture.get("is_silhouette"):
            return None  # Facebook's grey default, not the person's picture
        return picture.get("url")


class FacebookWithPictureProvider(FacebookProvider):
    account_class = FacebookAccountWithPicture
    package = "allauth.socialaccount.providers.facebook"  # its URLs and views stay allauth's
