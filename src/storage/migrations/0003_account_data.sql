-- Phone verification: the resend delay also holds per number, across accounts,
-- so that many accounts cannot flood one phone with codes.
CREATE INDEX phone_verifications_by_phone ON phone_verifications (phone, sent_at);
