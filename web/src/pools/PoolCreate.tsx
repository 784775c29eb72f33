/** PLACEHOLDER: to be built. */
import { PageHeader } from '../components/PageHeader';

export const PoolCreate = () => <PageHeader title="PoolCreate" />;
