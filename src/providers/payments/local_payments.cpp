// The embedded payment provider: every payment succeeds at once, so that registration with a
// fee works on one machine with no account anywhere.
#include "core/crypto.hpp"
#include "fitkit/error.hpp"
#include "fitkit/providers.hpp"

namespace fitkit {
namespace {

class LocalPayments final : public PaymentProvider {
 public:
  std::string name() const override { return "local"; }

  Payment create_payment(const PaymentRequest& request) override {
    if (request.amount_minor <= 0) throw Error::invalid("amount", "a payment is of a positive amount");
    return {"lpay_" + crypto::random_token(16), "succeeded", ""};
  }

  void refund(std::string_view, std::int64_t amount_minor, std::string_view) override {
    if (amount_minor <= 0) throw Error::invalid("amount", "a refund is of a positive amount");
  }

  PaymentEvent verify_webhook(std::string_view, std::string_view, std::int64_t) override {
    throw Error::unauthenticated("the local payment provider sends no webhooks");
  }
};

}  // namespace

std::shared_ptr<PaymentProvider> make_local_payments() { return std::make_shared<LocalPayments>(); }

}  // namespace fitkit
